import { InfraError } from '../common/errors';
import { lastLinesOf } from '../sandbox/log-excerpt';
import { AppSetupError } from '../sandbox/package-json';
import type { RuntimeFacts } from './app-runtime';
import { USE_PROVIDED } from './package-messages';

/** The exit code of check-requirements.py when a declared package is not installed. */
const MISSING = 3;
/** Whether some line reader (pip's splitlines among them) would end a line inside `line`. */
function breaksLine(line: string): boolean {
  return [...line].some((c) => {
    const code = c.codePointAt(0)!;
    return (
      (code < 0x20 && code !== 0x09) || code === 0x7f || code === 0x85 || code === 0x2028 || code === 0x2029
    );
  });
}

export interface RequirementsVerdict {
  /** The check itself failed. */
  error?: Error;
  notes: string[];
  /** Requirement lines the image has no package for, as the app declares them. */
  missing: string[];
}

/**
 * What the package check in the runtime's image found (docker/python/check-requirements.py):
 * the packages the app declares that are not there, to be installed or named; another version
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
      (r) =>
        `${runtime.manifest}: could not read the requirement "${r}"; it was neither checked nor installed`,
    ),
    ...words('local').map(
      (name) =>
        `${runtime.manifest}: ${name} is a path, VCS or file dependency, which grading does not install (only packages of an index are)`,
    ),
  ];
  if (exitCode === 0) return { notes, missing: [] };
  // Checked again here: each line goes to pip as one requirement, never as an option or two lines.
  const missing = words('missing').filter((line) => !line.startsWith('-') && !breaksLine(line));
  if (exitCode === MISSING && missing.length) return { notes, missing };
  return {
    notes,
    missing: [],
    error: new InfraError(
      `checking your app's packages failed (exit code ${exitCode}):\n${lastLinesOf(output, 20)}`,
    ),
  };
}

/** Packages the image lacks, on a grading machine where pip is told to use no index (PIP_NO_INDEX). */
export function missingPackagesError(runtime: RuntimeFacts, missing: string[]): AppSetupError {
  const several = missing.length > 1;
  return new AppSetupError(
    `${runtime.manifest} needs ${missing.join(', ')}, which the ${runtime.title} sandbox does not have (this grader installs nothing from a package index: PIP_NO_INDEX is set)`,
    `${USE_PROVIDED}, or take ${several ? 'these' : 'it'} out of ${runtime.manifest} if your app does not import ${several ? 'them' : 'it'}.`,
  );
}
