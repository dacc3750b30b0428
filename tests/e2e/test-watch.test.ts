import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { LABEL } from '../../runner/docker/labels';
import type { GradeResult } from '../../runner/grading/result';
import { CLI } from '../support/cli';
import { realDocker } from '../support/docker';

/**
 * `backlab test --watch` as a learner runs it (real CLI, real Docker, a two-stage lab): it tests
 * every stage, then after each edit the first stage that has not passed, and Ctrl-C ends it with
 * nothing left running.
 */
const docker = realDocker();
const LAB = join(__dirname, '..', 'fixtures', 'grading', 'hello-lab');
let folder: string;
let watcher: ChildProcessWithoutNullStreams | undefined;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'backlab-watch-e2e-'));
  await cp(join(LAB, 'starter'), folder, { recursive: true });
});

afterAll(async () => {
  watcher?.kill('SIGKILL');
  await rm(folder, { recursive: true, force: true });
});

/** The watch's results, one JSON document per stdout line, in order. */
function results(child: ChildProcessWithoutNullStreams): () => Promise<GradeResult> {
  const queue: GradeResult[] = [];
  const waiting: Array<(result: GradeResult) => void> = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const result = JSON.parse(line) as GradeResult;
    const take = waiting.shift();
    if (take) take(result);
    else queue.push(result);
  });
  return () => {
    const ready = queue.shift();
    return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
  };
}

const stagesOf = (result: GradeResult) => result.stages.map((s) => `${s.id}:${s.status}`);

describe('backlab test --watch (real CLI, real Docker)', () => {
  it('tests again on each edit, the current stage only, until Ctrl-C', async () => {
    let stderr = '';
    watcher = spawn(process.execPath, [CLI, 'test', '--watch', '--json', '--lab', LAB], { cwd: folder });
    watcher.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const next = results(watcher);

    // The starter answers /health only: the first stage fails.
    const first = await next();
    expect(stagesOf(first)).toContain('hello:fail');

    // The learner writes the solution: only the failing first stage is tested, and it passes.
    await cp(join(LAB, 'solution'), folder, { recursive: true });
    const second = await next();
    expect(stagesOf(second)).toEqual(['hello:pass']);

    // The next edit tests the stage after it, which has not passed in this watch yet.
    await writeFile(join(folder, 'notes.md'), 'an edit\n');
    const third = await next();
    const sandboxPassed = first.stages.find((s) => s.id === 'sandbox')?.status === 'pass';
    expect(stagesOf(third)).toEqual(sandboxPassed ? ['hello:pass', 'sandbox:pass'] : ['sandbox:pass']);

    // The terminal said what changed and what it tested.
    expect(stderr).toContain('Watching for changes (Ctrl-C to stop)');
    expect(stderr).toMatch(/notes\.md changed: testing (stage 2, Runs inside the sandbox|every stage)/);

    const exited = new Promise<number | null>((resolve) => watcher!.on('exit', (code) => resolve(code)));
    watcher.kill('SIGINT');
    expect(await exited).toBe(130);
    const runs = [first, second, third].map((r) => r.runId);
    for (const runId of runs) expect(await docker.listContainers({ [LABEL.run]: runId })).toEqual([]);
  });
});
