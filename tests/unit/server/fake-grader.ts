import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Progress } from '../../../runner/common/progress';
import type { GradeOutcome, Grader, GraderJob, GraderReadiness } from '../../../runner/server/grading/grader';
import { loadResult } from '../reporters/result-fixtures';

export type FakeStep = (job: GraderJob, progress: Progress) => Promise<GradeOutcome>;

/**
 * A grader without Docker: answers from a script of outcomes (default: the "fail" fixture result,
 * which has hidden tests), shows two progress steps, and can be held to observe a running grade.
 */
export class FakeGrader implements Grader {
  ready = true;
  reason = 'Docker is not reachable (connect ENOENT /var/run/docker.sock); submissions wait until it is';
  readonly jobs: GraderJob[] = [];
  readonly script: FakeStep[] = [];
  recovered = 0;
  /** Every removeRun call, in order. */
  readonly removeCalls: string[] = [];
  /** removeRun fails this many more times, as while Docker is away. */
  removeFailures = 0;
  private gate?: Promise<void>;
  private opener?: () => void;

  async readiness(): Promise<GraderReadiness> {
    return this.ready
      ? {
          ready: true,
          docker: { reachable: true, version: 'fake' },
          images: [{ ref: 'backlab/node:latest', state: 'ready' }],
        }
      : {
          ready: false,
          reason: this.reason,
          docker: { reachable: false, error: 'connect ENOENT /var/run/docker.sock' },
          images: [],
        };
  }

  async recover(): Promise<string | undefined> {
    this.recovered++;
    return undefined;
  }

  async removeRun(runId: string): Promise<string | undefined> {
    this.removeCalls.push(runId);
    if (this.removeFailures > 0) {
      this.removeFailures--;
      throw new Error('connect ENOENT /var/run/docker.sock');
    }
    return `removed run ${runId}`;
  }

  /** The next grade waits in its first step until `release()`; later ones do not. */
  hold(): void {
    this.gate = new Promise<void>((resolve) => (this.opener = resolve));
  }

  release(): void {
    this.opener?.();
    this.gate = undefined;
  }

  /** Submissions whose grade was stopped through its signal. */
  readonly aborted: string[] = [];

  async grade(job: GraderJob, progress: Progress, signal: AbortSignal): Promise<GradeOutcome> {
    this.jobs.push(job);
    signal.addEventListener('abort', () => this.aborted.push(job.submissionId), { once: true });
    await mkdir(job.runDir, { recursive: true });
    await writeFile(join(job.runDir, 'app.log'), `app of ${job.submissionId} listening on 3000\n`);
    const step = progress.step('Stage 1/1  Register new users');
    step.update('running tests');
    const gate = this.gate;
    this.gate = undefined;
    if (gate) await gate;
    const scripted = this.script.shift();
    const outcome = scripted
      ? await scripted(job, progress)
      : { kind: 'graded' as const, result: { ...loadResult('fail'), lab: job.lab.id } };
    if (outcome.kind === 'graded') step.succeed(`${outcome.result.score}/${outcome.result.maxScore}`);
    else step.fail(outcome.cause);
    return outcome;
  }
}
