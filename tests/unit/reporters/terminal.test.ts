import { formatTerminal } from '../../../runner/grading/reporters/terminal';
import { stripAnsi } from '../../../runner/grading/reporters/plain-text';
import {
  RESULT_VERSION,
  type GradeResult,
  type StageResult,
  type TestResult,
} from '../../../runner/grading/result';
import { FAKE_PROVENANCE, loadResult } from './result-fixtures';

function test(name: string, status: 'pass' | 'fail', maxPoints: number, message?: string): TestResult {
  return {
    name,
    status,
    points: status === 'pass' ? maxPoints : 0,
    maxPoints,
    message,
    durationMs: 10,
    hidden: false,
  };
}

function stage(id: string, title: string, tests: TestResult[], hints: string[] = []): StageResult {
  const score = tests.reduce((sum, t) => sum + t.points, 0);
  const failed = tests.some((t) => t.status === 'fail');
  return {
    id,
    title,
    status: failed ? 'fail' : 'pass',
    score,
    maxScore: 20,
    tests,
    hints: failed ? hints : [],
    durationMs: 100,
  };
}

function result(stages: StageResult[], score: number): GradeResult {
  return {
    version: RESULT_VERSION,
    lab: 'login-system',
    runId: 'r-1',
    status: stages.every((s) => s.status === 'pass') ? 'pass' : 'fail',
    score,
    maxScore: 100,
    stages,
    appLog: '',
    timings: { images: 0, services: 0, install: 0, appStart: 0, tests: 0, teardown: 0 },
    startedAt: '2026-03-02T10:00:00.000Z',
    finishedAt: '2026-03-02T10:00:05.000Z',
    provenance: FAKE_PROVENANCE,
  };
}

describe('formatTerminal', () => {
  it('prints the score report as the product design shows it', () => {
    const report = result(
      [
        stage(
          'register',
          'Register new users',
          [1, 2, 3, 4].map((n) => test(`case ${n}`, 'pass', 5)),
        ),
        stage(
          'login',
          'Log in',
          [
            test('returns a cookie', 'pass', 4),
            test('rejects an unknown email', 'pass', 4),
            test(
              'rejects a wrong password with 401',
              'fail',
              12,
              'Expected: 401\nReceived: 200\n    at Object.<anonymous> (login.test.ts:3:1)',
            ),
          ],
          ['compare with bcrypt.compare, not ==='],
        ),
      ],
      28,
    );
    expect(formatTerminal(report, { color: false, logPath: '.backlab/runs/2/app.log' })).toBe(
      [
        '  Stage 1  Register new users  4/4   20/20   ✔',
        '  Stage 2  Log in              2/3    8/20   ✘ rejects a wrong password with 401 (got 200)',
        '                                               hint: compare with bcrypt.compare, not ===',
        '  Score 28/100 · fail · app log: .backlab/runs/2/app.log',
        '',
      ].join('\n'),
    );
  });

  it('says what was expected when the test name does not', () => {
    const report = result(
      [stage('s', 'S', [test('status code', 'fail', 20, 'Expected: 201\nReceived: 500')])],
      0,
    );
    expect(formatTerminal(report, { color: false })).toContain('✘ status code (expected 201, got 500)');
  });

  it.each(['pass', 'fail', 'error'] as const)('colors the %s report without changing its text', (name) => {
    const fixture = loadResult(name);
    const colored = formatTerminal(fixture, { color: true });
    expect(colored).toContain('\u001b[');
    expect(stripAnsi(colored)).toBe(formatTerminal(fixture, { color: false }));
  });

  it("withholds a hidden test's message unless asked to show it", () => {
    const fixture = loadResult('fail');
    const hiddenMessageLine = 'hidden/03-sessions.test.ts';
    const hiddenTest = fixture.stages[2].tests[2];
    expect(hiddenTest.hidden && hiddenTest.message).toContain(hiddenMessageLine);

    const learnerView = formatTerminal(fixture, { color: false });
    expect(learnerView).toContain('✘ logout invalidates the session on the server (hidden test)');
    expect(learnerView).not.toContain('(expected 401, got 200) (hidden test)');

    const instructorView = formatTerminal(fixture, { color: false, showHidden: true });
    expect(instructorView).toContain(
      '✘ logout invalidates the session on the server (expected 401, got 200) (hidden test)',
    );
  });

  it('puts every stage mark in one column', () => {
    const lines = formatTerminal(loadResult('fail'), { color: false }).split('\n');
    const stageRows = lines.filter((line) => line.startsWith('  Stage '));
    expect(stageRows).toHaveLength(4);
    const markColumns = new Set(stageRows.map((line) => line.search(/[✔✘]/)));
    expect(markColumns.size).toBe(1);
  });

  it('lists at most five failures of a stage and counts the rest', () => {
    const failures = Array.from({ length: 8 }, (_, i) =>
      test(`test ${i + 1}`, 'fail', 2.5, 'connect ECONNREFUSED'),
    );
    const output = formatTerminal(result([stage('s', 'S', failures)], 0), { color: false });
    expect(output).toContain('✘ test 5');
    expect(output).not.toContain('✘ test 6');
    expect(output).toContain('✘ … and 3 more failed tests');
  });

  it('shows the phase, message, hint and the end of the app log when grading stopped', () => {
    const output = formatTerminal(loadResult('error'), { color: false });
    expect(output).toContain('✘ Grading stopped while starting the app');
    expect(output).toContain('The app did not answer GET /health on port 3000 within 30 seconds.');
    expect(output).toContain('→ Make your app listen on process.env.PORT');
    expect(output).toContain('App log (last 15 lines):');
    expect(output).toContain('Server listening on http://localhost:8080');
    expect(output).not.toContain('(attempt 1)');
    expect(output).toMatch(/Score 0\/100 · error\n$/);
  });

  it('says a limit of the grading sandbox is neither the code nor worth another try', () => {
    const output = formatTerminal(loadResult('sandbox-error'), { color: false });
    expect(output).toContain(
      "✘ Could not grade: a limit of the grading sandbox (met while installing the app's dependencies)",
    );
    expect(output).toContain('This is not a fault in your code, and grading it again will not help.');
    expect(output).not.toContain('Grading stopped');
  });
});

describe('formatTerminal notes', () => {
  it('shows the notes of a grade, such as the command that started the app, above the score', () => {
    const graded = {
      ...loadResult('pass'),
      notes: ['your app was started with `node server.js` (package.json scripts.start)'],
    };
    const lines = stripAnsi(
      formatTerminal(graded, { color: false, logPath: '.backlab/runs/1/app.log' }),
    ).split('\n');
    const note = lines.findIndex((l) => l.includes('note: your app was started with `node server.js`'));
    expect(note).toBeGreaterThan(0);
    expect(lines.slice(note + 1).some((l) => l.trim().startsWith('Score '))).toBe(true);
  });
});
