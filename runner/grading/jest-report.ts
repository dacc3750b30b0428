import { stripAnsi } from '../common/plain-text';
import type { TestResult } from './result';

/** The parts of jest's --json output the grader reads. */
export interface JestReport {
  testResults: Array<{
    name: string;
    message?: string;
    assertionResults: Array<{
      ancestorTitles: string[];
      title: string;
      status: string;
      duration?: number | null;
      failureMessages: string[];
    }>;
  }>;
}

export interface ParsedStage {
  tests: Array<Omit<TestResult, 'points' | 'maxPoints'>>;
  /** Suites that could not run at all (syntax error, import failure): the lab's problem, not the learner's. */
  suiteErrors: string[];
}

/** Turns jest's report into test results; `isHidden` tells hidden test files apart. */
export function parseJestReport(
  report: JestReport,
  isHidden: (file: string) => boolean,
  shownName: (file: string) => string,
): ParsedStage {
  const tests: ParsedStage['tests'] = [];
  const suiteErrors: string[] = [];
  for (const suite of report.testResults) {
    const hidden = isHidden(suite.name);
    if (suite.assertionResults.length === 0 && suite.message) {
      suiteErrors.push(`${shownName(suite.name)} could not run:\n${cleanMessage(suite.message)}`);
      continue;
    }
    const left = suite.assertionResults.filter((t) => t.status !== 'passed' && t.status !== 'failed');
    if (left.length) {
      // .only/.skip/.todo drop tests and spread the points over the rest: the lab's mistake.
      const names = left.map((t) => `"${[...t.ancestorTitles, t.title].join(' › ')}" (${t.status})`);
      suiteErrors.push(
        `${shownName(suite.name)} did not run ${left.length} of its tests: ${names.slice(0, 3).join(', ')}${left.length > 3 ? ', …' : ''}; lab suites must not use .only, .skip or .todo`,
      );
      continue;
    }
    for (const test of suite.assertionResults) {
      tests.push({
        name: [...test.ancestorTitles, test.title].join(' › '),
        status: test.status === 'passed' ? 'pass' : 'fail',
        message: test.status === 'failed' ? cleanMessage(test.failureMessages.join('\n')) : undefined,
        durationMs: test.duration ?? 0,
        hidden,
      });
    }
  }
  return { tests, suiteErrors };
}

/** Keeps what the assertion said; drops stack frames and colour codes. */
export function cleanMessage(message: string): string {
  const plain = stripAnsi(message);
  const lines = plain.split('\n').filter((line) => !/^\s+at /.test(line));
  return lines.join('\n').trim();
}
