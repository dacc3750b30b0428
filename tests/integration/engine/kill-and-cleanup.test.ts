import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removeRun } from '../../../runner/docker/cleanup';
import { LABEL } from '../../../runner/docker/labels';
import { leftovers, realDocker } from '../../support/docker';

const docker = realDocker();
const root = join(__dirname, '..', '..', '..');
const holder = join(root, 'tests', 'fixtures', 'processes', 'hold-environment.js');
const cli = join(root, 'dist', 'runner', 'cli', 'main.js');

/** Starts the holder process and resolves with its pid and run id once its environment is ready. */
function holdEnvironment(lifetime: 'run' | 'dev'): Promise<{ pid: number; runId: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [holder, lifetime], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      const match = /ready (\S+)/.exec(d.toString());
      if (match) resolve({ pid: child.pid!, runId: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}: ${stderr}`)));
  });
}

async function cleanupCli(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ runs: string[]; folders: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'cleanup', '--json'], { env });
  return JSON.parse(stdout);
}

/** Polls until `probe` gives a value, or fails after `ms`. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 60_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
    const value = await probe();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** `backlab grade` of the hello lab's solution in a child process whose temporary folder is `temp`. */
function startGrade(submission: string, temp: string): ChildProcess {
  const lab = join(root, 'tests', 'fixtures', 'grading', 'hello-lab');
  return spawn(process.execPath, [cli, 'grade', lab, submission], {
    env: { ...process.env, TMPDIR: temp },
    stdio: 'ignore',
  });
}

async function waitUntilDead(pid: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`process ${pid} did not die`);
}

describe('kill -9 in the middle of a run (real Docker, real CLI)', () => {
  it('leaves containers that the next `backlab cleanup` removes, to the last one', async () => {
    const { pid, runId } = await holdEnvironment('run');
    try {
      expect((await leftovers(docker, runId)).length).toBeGreaterThanOrEqual(2);
      process.kill(pid, 'SIGKILL');
      await waitUntilDead(pid);
      const report = await cleanupCli();
      expect(report.runs).toContain(runId);
      expect(await leftovers(docker, runId)).toEqual([]);
    } finally {
      await removeRun(docker, runId);
    }
  });

  it('leaves a grade whose containers and temporary folder `backlab cleanup` removes', async () => {
    const work = await mkdtemp(join(tmpdir(), 'backlab-kill-grade-test-'));
    const temp = join(work, 'tmp');
    const submission = join(work, 'submission');
    await mkdir(temp);
    await cp(join(root, 'tests', 'fixtures', 'grading', 'hello-lab', 'solution'), submission, {
      recursive: true,
    });
    const ours = async () => (await readdir(temp)).filter((name) => name.startsWith('backlab-grade-'));
    let runId: string | undefined;
    try {
      const child = startGrade(submission, temp);
      // Mid-grade: the app's container exists, so the run has a network, a volume and a host folder.
      runId = await eventually(async () => {
        const apps = await docker.listContainers({ [LABEL.workspace]: submission, [LABEL.role]: 'app' });
        return apps[0]?.labels[LABEL.run];
      }, 'the app container of the grade');
      expect(await ours()).toHaveLength(1);
      child.kill('SIGKILL');
      await waitUntilDead(child.pid!);
      const report = await cleanupCli({ ...process.env, TMPDIR: temp });
      expect(report.runs).toContain(runId);
      expect(report.folders).toBe(1);
      expect(await leftovers(docker, runId)).toEqual([]);
      expect(await ours()).toEqual([]);
    } finally {
      if (runId) await removeRun(docker, runId);
      await rm(work, { recursive: true, force: true });
    }
  });

  it('keeps a development environment of a dead process until it is stopped', async () => {
    const { pid, runId } = await holdEnvironment('dev');
    try {
      process.kill(pid, 'SIGKILL');
      await waitUntilDead(pid);
      const report = await cleanupCli();
      expect(report.runs).not.toContain(runId);
      expect((await leftovers(docker, runId)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await removeRun(docker, runId);
    }
    expect(await leftovers(docker, runId)).toEqual([]);
  });
});
