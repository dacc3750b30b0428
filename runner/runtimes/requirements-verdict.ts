import { InfraError } from '../common/errors';
import { lastLinesOf } from '../sandbox/log-excerpt';
import { AppSetupError } from '../sandbox/package-json';
import type { RuntimeFacts } from './app-runtime';

/** The exit code of check-requirements.py when a declared package is not installed. */
const MISSING = 3;

export interface RequirementsVerdict {
  error?: Error;
  notes: string[];
}

/**
 * What the package check in the runtime's image found (docker/python/check-requirements.py):
 * packages the app declares that are not there fail the install, naming each; another version
 * than the one asked for is only said.
 */
export function requirementsVerdict(
  output: string,
  exitCode: number,
  runtime: RuntimeFacts,
): RequirementsVerdict {
  const lines = output.split('\n').map((l) => l.trim());
  const words = (prefix: string) =>
    lines.filter((l) => l.startsWith(`${prefix} `)).map((l) => l.slice(prefix.length + 1));
  const notes = [
    ...words('version').map((v) => {
      const [name, wanted, installed] = v.split(' ');
      return `${runtime.manifest} asks for ${name}${wanted}; the sandbox has ${installed}, which your app runs with`;
    }),
    ...words('unreadable').map(
      (r) => `${runtime.manifest}: could not read the requirement "${r}"; it was not checked`,
    ),
  ];
  if (exitCode === 0) return { notes };
  const missing = words('missing');
  if (exitCode === MISSING && missing.length) {
    return {
      notes,
      error: new AppSetupError(
        `${runtime.manifest} needs ${missing.join(', ')}, which the ${runtime.title} sandbox does not have (it installs nothing from a package index)`,
        `Use only the libraries the sandbox provides (the README's "Python and PHP apps" lists them), or take ${missing.length > 1 ? 'these' : 'it'} out of ${runtime.manifest} if your app does not import ${missing.length > 1 ? 'them' : 'it'}.`,
      ),
    };
  }
  return {
    notes,
    error: new InfraError(
      `checking your app's packages failed (exit code ${exitCode}):\n${lastLinesOf(output, 20)}`,
    ),
  };
}
