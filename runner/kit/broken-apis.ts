/**
 * Grading a learner's tests by the bugs they catch: an API with one bug is the reference's folder
 * with a few files laid over it (the way `backlab validate` lays a mutation over the solution),
 * and a bug is caught when a learner test that passes on the reference fails on it.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { catchingTests, describeRun, passedTests, type LearnerRun } from './learner-tests';

/** A fresh copy of `apiDir` in /tmp with `overlayDir`'s files laid over it, to require() from. */
export function overlaidCopy(apiDir: string, overlayDir: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), `${path.basename(overlayDir)}-`));
  cpSync(apiDir, copy, { recursive: true });
  cpSync(overlayDir, copy, { recursive: true });
  return copy;
}

/** A run's failed tests for a message: the count line, then "✘ name: first line" for the first few. */
export function describeFailures(run: LearnerRun, max = 3): string {
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

export interface Bug {
  /** Completes "an API that …": "answers 200 with null for a book that does not exist". */
  whatIsWrong: string;
  /** What kind of test catches it, for the learner: "GET /api/books/999999 and expect 404". */
  testThatCatchesIt: string;
}

/**
 * Passes when some learner test passes on the reference and fails on the broken API, which
 * `runBroken` runs them against. Otherwise the message says the bug survived and what kind of
 * test would catch it, or, when no test passes on the reference, that this comes first: then no
 * test can catch anything, so the broken API is not run at all (a suite that never ends would
 * otherwise cost its time limit once more in every stage).
 */
export async function expectCaught(
  reference: LearnerRun,
  runBroken: () => Promise<LearnerRun>,
  bug: Bug,
): Promise<void> {
  if (passedTests(reference).length === 0) {
    throw new Error(
      `No test of yours passes on the correct API, so none can catch a bug: ${describeFailures(reference)}\n` +
        'Make your tests pass on the correct API first.',
    );
  }
  const broken = await runBroken();
  if (catchingTests(reference, broken).length > 0) return;
  throw new Error(
    `survived: an API that ${bug.whatIsWrong} passes every test of yours that passes on the correct API ` +
      `(on it: ${describeRun(broken)}).\nA test that would catch it: ${bug.testThatCatchesIt}`,
  );
}
