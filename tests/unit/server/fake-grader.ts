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
  private held?: { release: () => void; promise: Promise<void> };

  async readiness(): Promise<GraderReadiness> {
    return this.ready
      ? { ready: true, docker: { reachable: true, version: 'fake' }, images: [{ ref: 'backlab/node:latest', state: 'ready' }] }
      : { ready: false, reason: this.reason, docker: { reachable: false, error: 'connect ENOENT /var/run/docker.sock' }, images: [] };
  }

  async recover(): Promise<string | undefined> {
    this.recovered++;
    return undefined;
  }

  /** Grades wait in their first step until `release()`. */
  hold(): void {
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.held = { release, promise };
  }

  release(): void {
    this.held?.release();
    this.held = undefined;
  }

  async grade(job: GraderJob, progress: Progress): Promise<GradeOutcome> {
    this.jobs.push(job);
    const step = progress.step('Stage 1/1  Register new users');
    step.update('running tests');
    if (this.held) await this.held.promise;
    const scripted = this.script.shift();
    const outcome = scripted ? await scripted(job, progress) : { kind: 'graded' as const, result: { ...loadResult('fail'), lab: job.lab.id } };
    if (outcome.kind === 'graded') step.succeed(`${outcome.result.score}/${outcome.result.maxScore}`);
    else step.fail(outcome.cause);
    return outcome;
  }
}
