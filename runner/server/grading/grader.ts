import type { Progress } from '../../common/progress';
import type { GradeResult } from '../../grading/result';
import type { Lab } from '../../lab';

/** Whether grading can run now; when not, `reason` says why in one sentence (shown by /api/health). */
export interface GraderReadiness {
  ready: boolean;
  reason?: string;
  docker: { reachable: boolean; version?: string; error?: string };
  images: Array<{ ref: string; state: string }>;
}

export interface GraderJob {
  submissionId: string;
  attemptNumber: number;
  lab: Lab;
  /** The unpacked upload. */
  submissionDir: string;
  /** Where the run keeps its files (app.log). */
  runDir: string;
}

/**
 * graded: a result for the learner (pass, fail, or an error of their code such as an app that
 * does not start). infrastructure: the machine failed (Docker, images, services); the attempt is
 * retried and never scored.
 */
export type GradeOutcome =
  | { kind: 'graded'; result: GradeResult }
  | {
      kind: 'infrastructure';
      cause: string;
      /** The runs the grade created: their teardown may have failed with Docker, so they are removed again. */
      runIds?: string[];
    };

/** The grading engine as the server sees it; injected into the app so tests can use a fake. */
export interface Grader {
  readiness(): Promise<GraderReadiness>;
  /** Removes what a previous server process left behind (containers of runs it never finished). */
  recover(): Promise<string | undefined>;
  /**
   * Grades with the hidden tests. Must not throw for a learner's problem; a throw counts as
   * infrastructure. When `signal` aborts (the worker can no longer confirm its lease, so another
   * worker may take the job), the grade stops as soon as it can and its containers are removed.
   */
  grade(job: GraderJob, progress: Progress, signal: AbortSignal): Promise<GradeOutcome>;
  /**
   * Removes every container, network and volume of one run. Resolves with a line for the log when
   * something was there; throws when Docker does not answer or something could not be removed.
   */
  removeRun(runId: string): Promise<string | undefined>;
}
