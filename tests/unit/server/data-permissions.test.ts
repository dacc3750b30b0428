import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { learnerToken, project, upload, waitForStatus } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

/** The data folder holds learners' code and results: nothing in it is readable by other users. */
let parent: string;
let ts: TestServer | undefined;
let umask: number;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'backlab-perms-'));
  // The usual umask, so files made without an explicit mode would be world-readable.
  umask = process.umask(0o022);
});
afterEach(async () => {
  await ts?.close();
  ts = undefined;
  process.umask(umask);
  await rm(parent, { recursive: true, force: true });
});

const modeOf = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);

describe('data folder permissions', () => {
  it('creates the folder 0700 and backlab.db, -wal and -shm 0600', async () => {
    const dataDir = join(parent, 'data');
    ts = await startTestServer({ dataDir });
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await project());
    await waitForStatus(ts, ada, posted.body.id, ['graded']);

    expect(await modeOf(dataDir)).toBe('700');
    for (const file of ['backlab.db', 'backlab.db-wal', 'backlab.db-shm'])
      expect([file, await modeOf(join(dataDir, file))]).toEqual([file, '600']);
    expect(await modeOf(join(dataDir, 'archives'))).toBe('700');
    const [archive] = await readdir(join(dataDir, 'archives'));
    expect(await modeOf(join(dataDir, 'archives', archive))).toBe('600');
  });

  it('narrows a data folder and database that an earlier version left readable', async () => {
    const dataDir = join(parent, 'data');
    ts = await startTestServer({ dataDir });
    await ts.server.close();
    await chmod(dataDir, 0o755);
    await chmod(join(dataDir, 'backlab.db'), 0o644);
    await ts.restart();
    expect(await modeOf(dataDir)).toBe('700');
    expect(await modeOf(join(dataDir, 'backlab.db'))).toBe('600');
  });
});
