import { mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { archiveDirectory, FileTooLargeError, MAX_FILE_BYTES } from '../../../runner/docker/archive';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-archive-');
const bigFolders = tempFolders('backlab-archive-big-');

async function entriesOf(tar: Buffer): Promise<Array<{ name: string; uid: number; mode: number }>> {
  const entries: Array<{ name: string; uid: number; mode: number }> = [];
  const ex = extract();
  ex.on('entry', (header, stream, next) => {
    entries.push({ name: header.name, uid: header.uid ?? -1, mode: header.mode ?? 0 });
    stream.resume();
    stream.on('end', next);
  });
  const done = new Promise<void>((resolve) => ex.on('finish', () => resolve()));
  ex.end(tar);
  await done;
  return entries;
}

describe('archiveDirectory', () => {
  it("copies the learner's files and folders, owned by the sandbox user, without installed or ignored files but with the lockfile and .env an install and start read", async () => {
    const dir = await folders.make();
    for (const sub of ['node_modules/express', '.git', '.backlab/runs', 'src', 'logs'])
      await mkdir(join(dir, sub), { recursive: true });
    await writeFile(join(dir, 'package.json'), '{}');
    await writeFile(join(dir, 'src/app.js'), '');
    await writeFile(join(dir, 'run.sh'), '', { mode: 0o755 });
    await writeFile(join(dir, 'node_modules/express/index.js'), '');
    await writeFile(join(dir, '.git/HEAD'), '');
    await writeFile(join(dir, '.backlab/state.json'), '');
    await writeFile(join(dir, '.env'), 'DB_PASSWORD=secret');
    await writeFile(join(dir, 'logs/today.log'), '');
    await writeFile(join(dir, 'package-lock.json'), '{}');
    await writeFile(join(dir, '.gitignore'), 'logs/\n.env\npackage-lock.json\n');
    await symlink('/etc/passwd', join(dir, 'passwd-link'));

    const archive = await archiveDirectory(dir, { uid: 10001, gid: 10001 });
    const entries = await entriesOf(archive.tar);
    expect(entries.map((e) => e.name).sort()).toEqual([
      '.env',
      '.gitignore',
      'package-lock.json',
      'package.json',
      'run.sh',
      'src',
      'src/app.js',
    ]);
    expect(entries.every((e) => e.uid === 10001)).toBe(true);
    expect(entries.find((e) => e.name === 'run.sh')!.mode).toBe(0o755);
    expect(archive.skippedLinks).toEqual(['passwd-link']);
    expect(archive.files).toBe(6);
  });

  it('refuses a file too large to copy, naming it, before reading it into memory', async () => {
    const dir = await bigFolders.make();
    await writeFile(join(dir, 'package.json'), '{}');
    // A sparse file: its size is what counts, and it takes no room on disk.
    await writeFile(join(dir, 'dump.bin'), '');
    await truncate(join(dir, 'dump.bin'), MAX_FILE_BYTES + 1);
    const attempt = archiveDirectory(dir, { uid: 10001, gid: 10001 });
    await expect(attempt).rejects.toBeInstanceOf(FileTooLargeError);
    await expect(attempt).rejects.toThrow(
      /^dump\.bin is 256 MB; files over 256 MB are not copied for grading$/,
    );
  });
});
