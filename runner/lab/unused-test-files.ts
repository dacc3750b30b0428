import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LabProblem } from './lab-problem';
import { rawPaths, rawStages } from './raw-manifest';

/**
 * A suite under tests/ that no stage lists is never run: almost always a forgotten entry in lab.yaml.
 * Read from lab.yaml as parsed, so that it is reported even when other fields are wrong.
 */

const TESTS_FOLDER = 'tests';
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]s$/;

export async function unusedTestFileWarnings(raw: unknown, labDir: string): Promise<LabProblem[]> {
  const used = new Set(
    rawStages(raw)
      .flatMap(({ stage }) => [...rawPaths(stage.tests, []), ...rawPaths(stage.hidden, [])])
      .map(({ value }) => path.posix.normalize(value.replace(/\\/g, '/'))),
  );
  const present = await testFilesUnder(labDir, TESTS_FOLDER);
  return present
    .filter((file) => !used.has(file))
    .map((file) => ({
      file,
      message: 'not used by any stage',
      fix: "add it to a stage's `tests` or `hidden` list in lab.yaml, or delete it",
    }));
}

/** Test files below `folder`, as POSIX paths relative to the lab folder, sorted. */
async function testFilesUnder(labDir: string, folder: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(labDir, folder), { withFileTypes: true });
  } catch {
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    const relative = path.posix.join(folder, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules')
      found.push(...(await testFilesUnder(labDir, relative)));
    else if (entry.isFile() && TEST_FILE.test(entry.name)) found.push(relative);
  }
  return found.sort();
}
