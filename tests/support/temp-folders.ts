import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempFolders {
  make(): Promise<string>;
  /** A new folder holding `files` (path → content; parent folders are made). */
  withFiles(files: Record<string, string>): Promise<string>;
}

/** Temp folders for one test file, each removed after its test, so runs leave nothing in /tmp. */
export function tempFolders(prefix: string): TempFolders {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const make = async () => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  return {
    make,
    async withFiles(files) {
      const dir = await make();
      for (const [name, content] of Object.entries(files)) {
        await mkdir(dirname(join(dir, name)), { recursive: true });
        await writeFile(join(dir, name), content);
      }
      return dir;
    },
  };
}
