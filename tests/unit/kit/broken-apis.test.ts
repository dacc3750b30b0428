import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeFailures, expectCaught, overlaidCopy } from '../../../runner/kit/broken-apis';
import type { LearnerRun } from '../../../runner/kit/learner-tests';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-broken-apis-');

const ran = (tests: Array<[string, 'passed' | 'failed', string?]>): LearnerRun => ({
  outcome: 'ran',
  tests: tests.map(([name, status, message]) => ({ name, status, ...(message ? { message } : {}) })),
  suiteErrors: [],
  output: '',
});

const bug = {
  whatIsWrong: 'answers 200 for a missing book',
  testThatCatchesIt: 'GET /api/books/999 and expect 404',
};

describe('expectCaught', () => {
  const runs = (run: LearnerRun) => jest.fn(async () => run);

  test('passes when a test that passes on the reference fails on the broken API', async () => {
    await expect(
      expectCaught(ran([['a', 'passed']]), runs(ran([['a', 'failed']])), bug),
    ).resolves.toBeUndefined();
  });

  test('a survivor says what was wrong and which test would catch it', async () => {
    await expect(expectCaught(ran([['a', 'passed']]), runs(ran([['a', 'passed']])), bug)).rejects.toThrow(
      'survived: an API that answers 200 for a missing book passes every test of yours that passes on the correct API (on it: 1 tests: 1 passed, 0 failed).\nA test that would catch it: GET /api/books/999 and expect 404',
    );
  });

  test('with no test passing on the reference, it says to fix that first, without running the broken API', async () => {
    const reference = ran([['lists books', 'failed', 'expect(received).toBe(expected)\n\nExpected: 200']]);
    const broken = runs(ran([]));
    await expect(expectCaught(reference, broken, bug)).rejects.toThrow(
      /No test of yours passes on the correct API[^]*✘ lists books: expect\(received\)\.toBe\(expected\)/,
    );
    const timedOut: LearnerRun = { outcome: 'timeout', output: '' };
    await expect(expectCaught(timedOut, broken, bug)).rejects.toThrow(/No test of yours passes/);
    expect(broken).not.toHaveBeenCalled();
  });
});

test('describeFailures lists the first few failures and counts the rest', () => {
  const run = ran([
    ['a', 'failed', 'one'],
    ['b', 'failed', 'two'],
    ['c', 'passed'],
    ['d', 'failed', 'three'],
  ]);
  expect(describeFailures(run, 2)).toBe(
    '4 tests: 1 passed, 3 failed\n  ✘ a: one\n  ✘ b: two\n  … and 1 more',
  );
});

test('overlaidCopy lays the overlay over a copy and leaves the original alone', async () => {
  const root = await folders.make();
  const api = path.join(root, 'api');
  const overlay = path.join(root, 'broken', 'missing-404');
  await mkdir(path.join(api, 'routes'), { recursive: true });
  await mkdir(path.join(overlay, 'routes'), { recursive: true });
  await writeFile(path.join(api, 'app.js'), 'app');
  await writeFile(path.join(api, 'routes', 'books.js'), 'correct');
  await writeFile(path.join(overlay, 'routes', 'books.js'), 'broken');
  const copy = overlaidCopy(api, overlay);
  try {
    expect(await readFile(path.join(copy, 'app.js'), 'utf8')).toBe('app');
    expect(await readFile(path.join(copy, 'routes', 'books.js'), 'utf8')).toBe('broken');
    expect(await readFile(path.join(api, 'routes', 'books.js'), 'utf8')).toBe('correct');
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});
