import { formatTerminal } from '../../../runner/grading/reporters/terminal';
import { stripAnsi } from '../../../runner/grading/reporters/plain-text';
import { result, stage, test } from './result-builders';
import { loadResult } from './result-fixtures';

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
        '  Stage 2  Log in              2/3    8/20   ✘',
        '    ✘ rejects a wrong password with 401 (got 200)',
        '    hint: compare with bcrypt.compare, not ===',
        '',
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

    const learnerView = formatTerminal(fixture, { color: false, all: true, verbose: true });
    expect(learnerView).toContain('✘ logout invalidates the session on the server (hidden test)');
    expect(learnerView).not.toContain('(expected 401, got 200) (hidden test)');

    const instructorView = formatTerminal(fixture, { color: false, showHidden: true, all: true });
    expect(instructorView).toContain(
      '✘ logout invalidates the session on the server (expected 401, got 200) (hidden test)',
    );
  });

  it('puts every stage mark in one column', () => {
    const lines = formatTerminal(loadResult('fail'), { color: false, all: true }).split('\n');
    const stageRows = lines.filter((line) => line.startsWith('  Stage '));
    expect(stageRows).toHaveLength(4);
    const markColumns = new Set(stageRows.map((line) => line.search(/[✔✘]/)));
    expect(markColumns.size).toBe(1);
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
