import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL } from '../../runner/docker/labels';
import { CLI } from '../support/cli';
import { realDocker } from '../support/docker';

/**
 * `backlab test 2>&1 | head -1`: the reader leaves after the first line. The grade still runs to
 * its end, is recorded, and removes its containers (real CLI, real Docker).
 */
const docker = realDocker();
const LAB = join(__dirname, '..', 'fixtures', 'grading', 'hello-lab');
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'backlab-pipe-'));
  await cp(join(LAB, 'solution'), folder, { recursive: true });
});

afterAll(() => rm(folder, { recursive: true, force: true }));

it('finishes a grade whose output reader went away, and leaves nothing running', async () => {
  const child = spawn(process.execPath, [CLI, 'test', '--lab', LAB], { cwd: folder });
  // Like `head -1`: read the first chunk of either stream, then close both pipes.
  await new Promise<void>((resolve) => {
    const leave = () => {
      child.stdout.destroy();
      child.stderr.destroy();
      resolve();
    };
    child.stderr.once('data', leave);
    child.stdout.once('data', leave);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
  const history = JSON.parse(await readFile(join(folder, '.backlab', 'history.json'), 'utf8')) as Array<{
    status: string;
  }>;
  expect(history.map((h) => h.status)).toEqual(['pass']);
  const result = JSON.parse(await readFile(join(folder, '.backlab', 'runs', '1', 'result.json'), 'utf8')) as {
    runId: string;
  };
  expect(await docker.listContainers({ [LABEL.run]: result.runId })).toEqual([]);
});
