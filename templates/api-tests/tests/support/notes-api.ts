/**
 * The notes API served to the learner's tests: api/ as it is, or with the files of
 * broken-apis/<bug>/ laid over a copy. The learner's tests reach it only over HTTP.
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

type NotesApi = { createNotesApi(): RequestListener };

// A static require: `backlab start` copies what the visible suites require, so learners get the
// API's source to run locally.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain JavaScript, without types
const reference = require('../../api/app') as NotesApi;

const API_DIR = path.resolve(__dirname, '../../api');
const BROKEN_DIR = path.resolve(__dirname, '../../broken-apis');

/** The learner's tests against the correct API, run once per grade and kept for later stages. */
export function referenceRun(): Promise<LearnerRun> {
  return keptRun('reference', () => runLearnerTestsOn(reference.createNotesApi(), 'the correct API'));
}

/** Passes when the learner's tests catch the API with broken-apis/<name>/ laid over it. */
export async function expectBugCaught(name: string, bug: Bug): Promise<void> {
  const correct = await referenceRun();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a copy made at run time
  const broken = require(path.join(overlaidCopy(API_DIR, path.join(BROKEN_DIR, name)), 'app.js')) as NotesApi;
  await expectCaught(
    correct,
    () => runLearnerTestsOn(broken.createNotesApi(), `an API that ${bug.whatIsWrong}`),
    bug,
  );
}
