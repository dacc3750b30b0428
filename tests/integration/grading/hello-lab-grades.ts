import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import type { Lab } from '../../../runner/lab';
import { LABEL } from '../../../runner/docker/labels';
import { realDocker } from '../../support/docker';
import { loadFixtureLab } from '../../support/labs';
import { recordingProgress } from '../../support/progress';

/**
 * Grades an app of tests/fixtures/grading/runtimes against the tiny hello-lab, whose second stage
 * looks at the sandbox from inside the app, and checks that the run left no container, network or
 * volume behind.
 */
export const docker = realDocker();
export const fixtures = join(__dirname, '..', '..', 'fixtures', 'grading');
let lab: Promise<Lab> | undefined;

export async function gradeApp(name: string): Promise<{ result: GradeResult; lines: string[] }> {
  return gradeFolder(join(fixtures, 'runtimes', name));
}

/** Grades the app in `submissionDir` against hello-lab. */
export async function gradeFolder(submissionDir: string): Promise<{ result: GradeResult; lines: string[] }> {
  lab ??= loadFixtureLab(join(fixtures, 'hello-lab'));
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-runtimes-'));
  const progress = recordingProgress();
  try {
    const result = await grade(
      { docker, progress },
      {
        lab: await lab,
        submissionDir,
        hidden: false,
        workspace: `test-${basename(submissionDir)}`,
        runDir,
      },
    );
    const run = { [LABEL.run]: result.runId };
    expect(await docker.listContainers(run)).toEqual([]);
    expect(await docker.listNetworks(run)).toEqual([]);
    expect(await docker.listVolumes(run)).toEqual([]);
    return { result, lines: progress.lines };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

/** Each test that did not pass, with its message. */
export const failures = (result: GradeResult) =>
  result.stages.flatMap((s) =>
    s.tests.filter((t) => t.status !== 'pass').map((t) => `${t.name}: ${t.message}`),
  );
