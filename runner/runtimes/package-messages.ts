import type { PackageSource } from './cached-install';

/** The advice a message about a package the sandbox cannot provide ends on. */
export const USE_PROVIDED =
  'Use only the libraries the sandbox provides (the README\'s "Python and PHP apps" lists them)';
/** The same advice after "or". */
export const OR_USE_PROVIDED = `or ${USE_PROVIDED.charAt(0).toLowerCase()}${USE_PROVIDED.slice(1)}`;

/** The install note: "stripe: installed with pip from the folder /srv/wheels". */
export function installedNote(
  packages: string[],
  tool: string,
  fromCache: boolean,
  source: PackageSource,
): string {
  const how = fromCache ? 'reused, as cached from' : `installed with ${tool} from`;
  return `${packages.join(', ')}: ${how} ${source.description}`;
}
