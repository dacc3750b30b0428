/**
 * The bookshop API, correct or with one bug, served to the learner's tests. A broken API is the
 * reference (api/) with the files of broken-apis/<name>/ laid over it, in a copy in the test
 * runner's /tmp: the learner's tests reach it only over HTTP and never see its source.
 */
import type { RequestListener } from 'node:http';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  catchingTests,
  describeRun,
  keptRun,
  passedTests,
  runLearnerTestsOn,
  type LearnerRun,
} from 'backlab/kit';

type Bookshop = { createBookshop(): RequestListener };

// A static require: `backlab start` copies what the visible suites require, so the learner gets
// the API's source to run locally (`node .backlab/lab/api/app.js`).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript, without types
const reference = require('../../api/app') as Bookshop;

const API_DIR = path.resolve(__dirname, '../../api');
const BROKEN_DIR = path.resolve(__dirname, '../../broken-apis');

/** The learner's tests run against the correct API, once per grade. */
export function referenceRun(): Promise<LearnerRun> {
  return keptRun('reference', () => runLearnerTestsOn(reference.createBookshop()));
}

function brokenBookshop(bug: string): Bookshop {
  const copy = mkdtempSync(path.join(tmpdir(), `bookshop-${bug}-`));
  cpSync(API_DIR, copy, { recursive: true });
  cpSync(path.join(BROKEN_DIR, bug), copy, { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a copy made at run time
  return require(path.join(copy, 'app.js')) as Bookshop;
}

/** The learner's failed tests on the correct API, for messages: "name: first line of its message". */
export function failuresOn(run: LearnerRun, max = 3): string {
  if (run.outcome !== 'ran') return describeRun(run);
  const failed = run.tests.filter((test) => test.status === 'failed');
  const lines = failed.slice(0, max).map((test) => `  ✘ ${test.name}: ${firstLine(test.message)}`);
  const more = failed.length > max ? [`  … and ${failed.length - max} more`] : [];
  return [describeRun(run), ...lines, ...more].join('\n');
}

function firstLine(text: string | undefined): string {
  const line = (text ?? '').split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}

/**
 * Passes when at least one of the learner's tests passes on the correct API and fails on the one
 * with `bug`; the failure message says the bug survived and what kind of test would catch it.
 */
export async function expectCaught(
  bug: string,
  whatIsWrong: string,
  testThatCatchesIt: string,
): Promise<void> {
  const correct = await referenceRun();
  if (passedTests(correct).length === 0) {
    throw new Error(
      `No test of yours passes on the correct API, so none can catch a bug: ${failuresOn(correct)}\n` +
        'Make your tests pass on the correct API first (stage correct-api).',
    );
  }
  const broken = await runLearnerTestsOn(brokenBookshop(bug).createBookshop());
  if (catchingTests(correct, broken).length > 0) return;
  throw new Error(
    `survived: an API that ${whatIsWrong} passes every test of yours that passes on the correct API ` +
      `(on it: ${describeRun(broken)}).\nA test that would catch it: ${testThatCatchesIt}`,
  );
}
