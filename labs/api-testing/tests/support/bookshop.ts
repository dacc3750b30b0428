/**
 * The bookshop API, correct or with one bug, served to the learner's tests. A broken API is the
 * reference (api/) with the files of broken-apis/<bug>/ laid over it, in a copy in the test
 * runner's /tmp: the learner's tests reach it only over HTTP and never see its source.
 */
import type { RequestListener } from 'node:http';
import path from 'node:path';
import {
  expectCaught,
  keptRun,
  overlaidCopy,
  runLearnerTestsOn,
  type Bug,
  type LearnerRun,
} from 'backlab/kit';

type Bookshop = { createBookshop(): RequestListener };

// A static require: `backlab start` copies what the visible suites require, so the learner gets
// the API's source to run locally (`npm run api`).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript, without types
const reference = require('../../api/app') as Bookshop;

const API_DIR = path.resolve(__dirname, '../../api');
const BROKEN_DIR = path.resolve(__dirname, '../../broken-apis');

/** The learner's tests run against the correct API, once per grade. */
export function referenceRun(): Promise<LearnerRun> {
  return keptRun('reference', () => runLearnerTestsOn(reference.createBookshop(), 'the correct API'));
}

/** Passes when the learner's tests catch the API with broken-apis/<name>/ in it. */
export async function expectBugCaught(name: string, bug: Bug): Promise<void> {
  const correct = await referenceRun();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a copy made at run time
  const broken = require(path.join(overlaidCopy(API_DIR, path.join(BROKEN_DIR, name)), 'app.js')) as Bookshop;
  await expectCaught(
    correct,
    () => runLearnerTestsOn(broken.createBookshop(), `an API that ${bug.whatIsWrong}`),
    bug,
  );
}
