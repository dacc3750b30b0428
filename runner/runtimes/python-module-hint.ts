/**
 * The next step for a Python app that stopped on an import of a library the sandbox lacks: what
 * the app declares is installed before it starts, so this one was not declared (or is a file of
 * the learner's that is not there). Undefined when the log shows no such import.
 */
export function pythonModuleHint(log: string): string | undefined {
  const name = /ModuleNotFoundError: No module named '([^']+)'/.exec(log)?.[1];
  if (!name) return undefined;
  const top = name.split('.')[0];
  return `Your app imports \`${top}\`, which the Python sandbox does not have: declare the package that provides it in requirements.txt (grading installs what you declare with pip, where the grader has a package index), or use the libraries the sandbox provides (the README's "Python and PHP apps" lists them), or, if ${top} is a file of yours, check that it is in your folder and spelled the same.`;
}
