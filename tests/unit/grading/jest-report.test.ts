import { cleanMessage, parseJestReport } from '../../../runner/grading/jest-report';

describe('parseJestReport', () => {
  const report = {
    testResults: [
      {
        name: '/lab/tests/01-register.test.ts',
        assertionResults: [
          {
            ancestorTitles: ['POST /api/register'],
            title: 'creates a user',
            status: 'passed',
            duration: 12,
            failureMessages: [],
          },
          {
            ancestorTitles: ['POST /api/register'],
            title: 'rejects duplicates',
            status: 'failed',
            duration: 8,
            failureMessages: [
              '\u001b[31mError: expected status 409, got 201\u001b[39m\n    at Object.<anonymous> (/lab/tests/01-register.test.ts:20:5)',
            ],
          },
        ],
      },
      {
        name: '/lab/tests/hidden/01-register.test.ts',
        assertionResults: [
          { ancestorTitles: [], title: 'unicode names', status: 'passed', duration: 3, failureMessages: [] },
        ],
      },
      {
        name: '/lab/tests/broken.test.ts',
        message: '  ● Test suite failed to run\n\n    SyntaxError: Unexpected token',
        assertionResults: [],
      },
    ],
  };

  it('turns assertions into tests, marks hidden files, and keeps suites that could not run apart', () => {
    const parsed = parseJestReport(
      report,
      (f) => f.includes('/hidden/'),
      (f) => f.replace('/lab/', ''),
    );
    expect(parsed.tests).toEqual([
      {
        name: 'POST /api/register › creates a user',
        status: 'pass',
        message: undefined,
        durationMs: 12,
        hidden: false,
      },
      {
        name: 'POST /api/register › rejects duplicates',
        status: 'fail',
        message: 'Error: expected status 409, got 201',
        durationMs: 8,
        hidden: false,
      },
      { name: 'unicode names', status: 'pass', message: undefined, durationMs: 3, hidden: true },
    ]);
    expect(parsed.suiteErrors).toEqual([
      'tests/broken.test.ts could not run:\n● Test suite failed to run\n\n    SyntaxError: Unexpected token',
    ]);
  });

  it('drops colour codes and stack frames from messages', () => {
    expect(cleanMessage('\u001b[2mexpect(x)\u001b[22m\n    at foo (a.js:1:1)\nExpected: 1')).toBe(
      'expect(x)\nExpected: 1',
    );
  });
});
