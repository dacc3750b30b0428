import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchFolder, type FolderChanges } from '../../../runner/cli/folder-changes';

describe('the folder watch of test --watch (real files)', () => {
  let folder: string;
  let changes: FolderChanges | undefined;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'backlab-watch-'));
    await writeFile(join(folder, '.gitignore'), 'dist/\n*.log\n.env\n');
    await writeFile(join(folder, 'server.js'), '// v1\n');
    for (const dir of ['node_modules', 'dist', '.backlab', 'routes']) await mkdir(join(folder, dir));
  });

  afterEach(async () => {
    await changes?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('hands over one batch per burst of edits, with only what a grade would copy', async () => {
    changes = await watchFolder(folder);
    const batch = changes.next();
    await writeFile(join(folder, 'node_modules', 'x.js'), 'ignored');
    await writeFile(join(folder, 'dist', 'server.js'), 'ignored: .gitignore lists dist/');
    await writeFile(join(folder, '.backlab', 'state.json'), '{}');
    await writeFile(join(folder, 'debug.log'), 'ignored');
    await writeFile(join(folder, 'server.js'), '// v2\n');
    await writeFile(join(folder, 'routes', 'users.js'), 'module.exports = {};\n');
    // .env is listed in .gitignore but graded all the same (backlab copies it), so it counts.
    await writeFile(join(folder, '.env'), 'PORT=3000\n');
    expect(await batch).toEqual(['.env', 'routes/users.js', 'server.js']);
  });

  it('keeps edits made while the caller was busy for the next call', async () => {
    changes = await watchFolder(folder);
    await writeFile(join(folder, 'server.js'), '// edited during a grade\n');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await changes.next()).toEqual(['server.js']);
  });
});
