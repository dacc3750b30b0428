import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR } from './result-fixtures';

const GOLDEN_DIR = join(RESULTS_DIR, 'golden');
const HOW_TO_UPDATE =
  'If the change is intended, run `UPDATE_GOLDEN=1 npx jest tests/unit/reporters` and review the diff.';

/** Compares a reporter's output with its committed golden file, byte for byte. UPDATE_GOLDEN=1 rewrites it. */
export function expectMatchesGolden(fileName: string, actual: string): void {
  const path = join(GOLDEN_DIR, fileName);
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path))
    throw new Error(`Golden file tests/fixtures/results/golden/${fileName} is missing. ${HOW_TO_UPDATE}`);
  try {
    expect(actual).toBe(readFileSync(path, 'utf8'));
  } catch (err) {
    if (err instanceof Error)
      err.message = `Output differs from golden/${fileName}. ${HOW_TO_UPDATE}\n\n${err.message}`;
    throw err;
  }
}
