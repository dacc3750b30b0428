/** A problem found in a lab folder, phrased for the lab author. */
export interface LabProblem {
  /**
   * File the problem is in, relative to the lab folder ("lab.yaml", "db/seed.json");
   * for a missing lab folder, the folder as given.
   */
  file: string;
  /** Where in the file, as in `stages[2].points`; absent when the whole file is concerned. */
  path?: string;
  /** Line and column (1-based) when known, as for YAML syntax errors. */
  line?: number;
  column?: number;
  /** What is wrong, naming the offending value. */
  message: string;
  /** What to do about it. */
  fix?: string;
}

/** `lab.yaml: stages[2].points: expected a positive integer, got "ten"` — one line per problem. */
export function formatProblem(problem: LabProblem): string {
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`;
  const where = problem.path ? ` ${problem.path}:` : '';
  const fix = problem.fix ? `; ${problem.fix}` : '';
  return `${problem.file}${position}:${where} ${problem.message}${fix}`;
}

/** `stages[2].points` from ['stages', 2, 'points']. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

const FORMATTED_PATH = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/;

/** ['stages', 2, 'points'] from `stages[2].points`; undefined for text that is not such a path. */
export function parsePath(text: string): (string | number)[] | undefined {
  if (!FORMATTED_PATH.test(text)) return undefined;
  return [...text.matchAll(/([A-Za-z_][\w-]*)|\[(\d+)\]/g)].map((match) => match[1] ?? Number(match[2]));
}

const MAX_SHOWN = 60;

/** How a value from lab.yaml is shown in a message: strings quoted, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'an empty value';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return JSON.stringify(shown);
  }
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
