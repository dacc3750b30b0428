import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tarGz, zip } from './archive-builders';
import { learnerToken, upload, waitForStatus } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

/** What the upload route accepts and refuses before its 202, beyond the unpacker's own tests. */
let ts: TestServer;
let work: string;
beforeEach(async () => {
  ts = await startTestServer();
  work = await mkdtemp(join(tmpdir(), 'backlab-upload-'));
});
afterEach(async () => {
  await ts.close();
  await rm(work, { recursive: true, force: true });
});

async function nothingKept(): Promise<void> {
  expect(await readdir(join(ts.dataDir, 'archives'))).toEqual([]);
  expect(await readdir(join(ts.dataDir, 'uploads'))).toEqual([]);
  expect(ts.grader.jobs).toHaveLength(0);
}

describe('POST /api/submissions', () => {
  it('grades an archive made by `tar czf project.tar.gz .`, as its error messages recommend', async () => {
    const folder = join(work, 'my-login');
    await mkdir(join(folder, 'src'), { recursive: true });
    await writeFile(join(folder, 'package.json'), '{"name":"app"}');
    await writeFile(join(folder, 'src', 'server.js'), 'x');
    const archive = join(work, 'project.tar.gz');
    await promisify(execFile)('tar', ['czf', archive, '.'], { cwd: folder });

    const seen: string[] = [];
    ts.grader.script.push(async (job) => {
      seen.push(...(await readdir(job.submissionDir)).sort());
      return { kind: 'infrastructure', cause: 'stop here' };
    });
    const ada = await learnerToken(ts, 'ada');
    const posted = await upload(ts, ada, await readFile(archive));
    expect(posted.status).toBe(202);
    await waitForStatus(ts, ada, posted.body.id, ['graded', 'error']);
    expect(seen).toEqual(['package.json', 'src']);
  });

  it.each([
    ['an empty .tar.gz', () => tarGz([])],
    ['an empty zip', async () => zip([])],
    [
      'folders only',
      () =>
        tarGz([
          { name: './', type: 'directory' },
          { name: 'src/', type: 'directory' },
        ]),
    ],
  ])('refuses %s with 422: there is nothing to grade', async (_what, archive) => {
    const ada = await learnerToken(ts, 'ada');
    const res = await upload(ts, ada, await archive());
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'upload-rejected' });
    expect(res.body.error.message).toBe(
      'the archive has no files; pack the project from inside its folder with `tar czf project.tar.gz .`',
    );
    await nothingKept();
  });

  it('says when the only files were in node_modules or .git', async () => {
    const ada = await learnerToken(ts, 'ada');
    const res = await upload(ts, ada, await tarGz([{ name: 'node_modules/x/index.js', content: 'x' }]));
    expect(res.status).toBe(422);
    expect(res.body.error.message).toContain('no files outside node_modules and .git, which are never kept');
  });

  it('refuses names the file system would refuse, at upload instead of as 3 failed grades', async () => {
    const ada = await learnerToken(ts, 'ada');
    const longName = `src/${'n'.repeat(256)}.js`;
    const name = await upload(ts, ada, await tarGz([{ name: 'package.json' }, { name: longName }]));
    expect(name.status).toBe(422);
    expect(name.body.error).toMatchObject({ code: 'upload-rejected', entry: longName });
    expect(name.body.error.message).toContain('at most 255 bytes');

    // Under PATH_MAX by itself, but not once unpacked in the server's work folder.
    const deep = `${Array.from({ length: 16 }, () => 'd'.repeat(254)).join('/')}/f.js`;
    expect(Buffer.byteLength(deep)).toBeLessThan(4096);
    const path = await upload(ts, ada, await tarGz([{ name: 'package.json' }, { name: deep }]));
    expect(path.status).toBe(422);
    expect(path.body.error.entry).toBe(deep);
    expect(path.body.error.message).toMatch(
      /has a path of 4084 bytes; the server can unpack paths of at most \d+ bytes/,
    );
    await nothingKept();
  });
});
