/**
 * The next step for a Python app that stopped on an import of a library the sandbox lacks: the
 * sandbox installs nothing (it reaches no package index), so the library must be one of the
 * image's, or the import must go. Undefined when the log shows no such import.
 */
export function pythonModuleHint(log: string): string | undefined {
  const name = /ModuleNotFoundError: No module named '([^']+)'/.exec(log)?.[1];
  if (!name) return undefined;
  const top = name.split('.')[0];
  return `Your app imports \`${top}\`, which the Python sandbox does not have: it installs nothing from a package index, so use the libraries it provides (the README's "Python and PHP apps" lists them), or, if ${top} is a file of yours, check that it is in your folder and spelled the same.`;
}
