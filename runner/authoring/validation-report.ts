import type { KnownAnswerOutcome } from './check-known-answers';
import type { MutationOutcome } from './check-mutations';
import type { FlakyTest } from './flaky-tests';
import type { StageTiming } from './stage-timings';
import type { SkippedCheck, ValidationProblem } from './validation-problem';

/** A grade in short, as the report shows it. */
export interface GradeSummary {
  status: 'pass' | 'fail' | 'error';
  score: number;
  maxScore: number;
}

/** The suites the compile check type-checked: the stages' own, or, when lab.yaml does not load, those under tests/. */
export interface CompiledSuites {
  scope: 'stages' | 'tests-folder';
  /** Paths relative to the lab folder. */
  files: string[];
}

/** What `backlab validate` found: the --json document and the source of the terminal report. */
export interface ValidationReport {
  /** The lab id, or the folder name when lab.yaml does not load. */
  lab: string;
  dir: string;
  /** True when the lab could not be graded at all (exit code 2). */
  fatal: boolean;
  /** Every problem, errors and warnings, in the order of the checks. */
  problems: ValidationProblem[];
  /** Absent when no suite could be compiled (the compile check is then in `skipped`). */
  compiled?: CompiledSuites;
  solution?: { runs: GradeSummary[]; flaky: FlakyTest[] };
  starter?: GradeSummary & { stagesPassed: string[] };
  knownAnswers: KnownAnswerOutcome[];
  mutations: MutationOutcome[];
  timings: StageTiming[];
  /** Checks that did not run, each with the reason; every check when the lab folder was not found. */
  skipped: SkippedCheck[];
}

export function errorCount(report: ValidationReport): number {
  return report.problems.filter((p) => p.severity === 'error').length;
}

/** 0: every check holds; 1: the lab has problems; 2: it could not be graded at all. */
export function validationExitCode(report: ValidationReport): 0 | 1 | 2 {
  if (report.fatal) return 2;
  return errorCount(report) > 0 ? 1 : 0;
}
