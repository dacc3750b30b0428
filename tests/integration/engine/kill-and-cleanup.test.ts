import { spawn, execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { removeRun } from '../../../runner/docker/cleanup';
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

async function cleanupCli(): Promise<{ runs: string[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'cleanup', '--json']);
  return JSON.parse(stdout);
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
