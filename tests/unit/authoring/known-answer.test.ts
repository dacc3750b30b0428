import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { outcomeDifferences, outcomeMismatch } from '../../../runner/authoring/check-known-answers';
import { readKnownAnswers, type ExpectedOutcome } from '../../../runner/authoring/known-answer';
import type { GradeResult } from '../../../runner/grading/result';
import { erroredResult, fakeResult } from './fake-results';

const lab = mkdtempSync(path.join(tmpdir(), 'backlab-known-'));
afterAll(() => rmSync(lab, { recursive: true, force: true }));

function answer(name: string, expected: string | undefined): void {
  const dir = path.join(lab, 'submissions', name);
  mkdirSync(dir, { recursive: true });
  if (expected !== undefined) writeFileSync(path.join(dir, 'expected.json'), expected);
}

describe('readKnownAnswers', () => {
  beforeAll(() => {
    answer(
      'good',
      JSON.stringify({
        from: 'solution',
        status: 'fail',
        score: 88.75,
        why: 'never locks',
        remove: ['lib/x.js'],
      }),
    );
    answer('complete', JSON.stringify({ from: null, status: 'pass', score: 100, why: 'ES modules' }));
    answer('no-expected', undefined);
    answer('bad-json', '{ "from": ');
    answer('bad-fields', JSON.stringify({ from: 'teacher', status: 'ok', score: -1, why: '', extra: 1 }));
    answer(
      'escaping',
      JSON.stringify({ from: 'solution', status: 'pass', score: null, why: 'w', remove: ['../../lab.yaml'] }),
    );
  });

  test('reads the valid ones and reports every problem of the others with file and field', async () => {
    const { answers, problems } = await readKnownAnswers({ dir: lab });
    expect(answers.map((a) => [a.name, a.expected])).toEqual([
      ['complete', { from: null, status: 'pass', score: 100, why: 'ES modules' }],
      ['good', { from: 'solution', status: 'fail', score: 88.75, why: 'never locks', remove: ['lib/x.js'] }],
    ]);
    const shown = problems.map((p) => `${p.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`);
    expect(shown).toEqual([
      'submissions/bad-fields/expected.json from: expected "solution", "starter" or null',
      'submissions/bad-fields/expected.json status: expected "pass", "fail" or "error"',
      'submissions/bad-fields/expected.json score: expected a number of points, 0 or more',
      'submissions/bad-fields/expected.json why: expected a sentence saying why it grades this way',
      'submissions/bad-fields/expected.json: unknown key `extra`',
      expect.stringMatching(/^submissions\/bad-json\/expected.json: invalid JSON: /),
      'submissions/escaping/expected.json remove[0]: expected a relative path inside the submission (no leading "/" or "..")',
      'submissions/no-expected/expected.json: not found; every known-answer folder records its expected grade',
    ]);
  });

  test('a lab without submissions/ has none', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'backlab-known-empty-'));
    try {
      expect(await readKnownAnswers({ dir: empty })).toEqual({ answers: [], problems: [] });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the expected.json schema', () => {
  beforeAll(() => {
    answer(
      'error-without-why',
      JSON.stringify({ from: 'solution', status: 'error', score: null, why: 'crashes' }),
    );
    answer(
      'pass-with-failing',
      JSON.stringify({ from: 'solution', status: 'pass', score: 100, failing: { login: ['x'] }, why: 'w' }),
    );
    answer(
      'bad-error',
      JSON.stringify({
        from: 'solution',
        status: 'error',
        score: null,
        error: { phase: 'starting', cause: 'learner', message: '(' },
        why: 'w',
      }),
    );
  });

  test('a submission that cannot be graded says where and whose failure; a passing one lists no failures', async () => {
    const { problems } = await readKnownAnswers({ dir: lab });
    const shown = problems
      .filter((p) => /error-without-why|pass-with-failing|bad-error/.test(p.file))
      .map((p) => `${p.file} ${p.path}: ${p.message}`);
    expect(shown).toEqual([
      'submissions/bad-error/expected.json error.phase: expected one of "images", "services", "install", "appStart", "tests", "teardown"',
      'submissions/bad-error/expected.json error.cause: expected one of "submission", "infrastructure", "sandbox"',
      'submissions/bad-error/expected.json error.message: expected a valid JavaScript regular expression',
      'submissions/error-without-why/expected.json error: a submission that cannot be graded records why: {"phase": …, "cause": …}',
      'submissions/pass-with-failing/expected.json failing: a passing submission has no failing tests',
    ]);
  });
});

describe('outcomeDifferences', () => {
  const result = fakeResult({
    login: { 'accepts the right password': 'pass', 'locks after 5 failures': 'fail' },
    register: { 'creates a user': 'pass' },
  });
  const recorded: ExpectedOutcome = {
    from: 'solution',
    status: 'fail',
    score: 75,
    failing: { login: ['locks after 5 failures'] },
    why: 'w',
  };
  const messages = (expected: ExpectedOutcome, graded: GradeResult) =>
    outcomeDifferences(expected, graded).map((d) => `${d.path}: ${d.message}`);

  test('nothing when status, score and every test are as recorded; the score to a hundredth', () => {
    expect(outcomeDifferences(recorded, result)).toEqual([]);
    expect(outcomeDifferences({ ...recorded, score: 75.004 }, result)).toEqual([]);
    expect(outcomeDifferences({ ...recorded, score: null }, result)).toEqual([]);
  });

  test('names a test that fails unrecorded, with why, and one recorded as failing that passed', () => {
    expect(messages({ ...recorded, failing: { login: ['accepts the right password'] } }, result)).toEqual([
      'failing.login: test "login › accepts the right password" passed but is recorded as failing',
      'failing.login: test "login › locks after 5 failures" failed (locks after 5 failures failed) but is not recorded as failing',
    ]);
  });

  test('a test that is not in the result any more, or a stage that did not run, is a difference', () => {
    const failing = { login: ['locks after 5 failures', 'locks after 3 failures'], sessions: ['expire'] };
    expect(messages({ ...recorded, failing }, result)).toEqual([
      'failing.login: test "login › locks after 3 failures" is recorded as failing but did not run',
      'failing.sessions: stage "sessions" has tests recorded as failing but did not run',
    ]);
  });

  test('a wrong score alone is named with both scores', () => {
    expect(messages({ ...recorded, score: 50 }, result)).toEqual([
      'score: scored 75/100 but is recorded as 50/100',
    ]);
  });

  test('a status that differs says what was graded and which tests failed', () => {
    expect(messages({ from: 'solution', status: 'pass', score: null, why: 'w' }, result)).toEqual([
      'status: graded fail 75/100 (login failed: "locks after 5 failures") but is recorded as pass',
      'failing.login: test "login › locks after 5 failures" failed (locks after 5 failures failed) but is not recorded as failing',
    ]);
  });

  test('caps the differing tests: a changed lab need not print all of them', () => {
    const many = fakeResult({ s: Object.fromEntries([...Array(12).keys()].map((i) => [`t${i}`, 'fail'])) });
    const differences = outcomeDifferences({ ...recorded, score: null, failing: {} }, many);
    expect(differences).toHaveLength(9);
    expect(differences[8]).toEqual({ path: 'failing', message: '… and 4 more tests differ from the record' });
  });

  describe('a submission that cannot be graded', () => {
    const stopped = erroredResult('your app exited with code 1\nstack…');
    const crash: ExpectedOutcome = {
      from: 'solution',
      status: 'error',
      score: null,
      error: { phase: 'appStart', cause: 'submission', message: 'exited with code \\d' },
      why: 'w',
    };

    test('matches on phase, cause and message pattern', () => {
      expect(outcomeDifferences(crash, stopped)).toEqual([]);
    });

    test('an infrastructure error does not pass for a recorded submission error', () => {
      const infra = erroredResult('your app exited with code 1', '', 'infrastructure');
      expect(messages(crash, infra)).toEqual([
        'error.cause: the cause is infrastructure but is recorded as submission',
      ]);
    });

    test('names another phase, a missing cause and a message that does not match', () => {
      const elsewhere: GradeResult = {
        ...stopped,
        error: { phase: 'install', message: 'npm ci failed: ETARGET\nmore' },
      };
      expect(messages(crash, elsewhere)).toEqual([
        "error.phase: stopped while installing the app's dependencies (install) but is recorded as appStart",
        'error.cause: the cause is not given but is recorded as submission',
        'error.message: the error message "npm ci failed: ETARGET" does not match /exited with code \\d/',
      ]);
    });

    test('a stage that could not be graded is not the run stopping', () => {
      const stageError = fakeResult(
        {},
        {
          status: 'error',
          stages: [{ ...result.stages[0], status: 'error', tests: [], error: 'the tests timed out' }],
        },
      );
      expect(messages(crash, stageError)).toEqual([
        'error: the run did not stop (login the tests timed out) but is recorded as stopping while starting the app',
      ]);
    });

    test('a grade that stopped, recorded as a fail, says where and why', () => {
      expect(messages(recorded, stopped)).toEqual([
        'status: graded error 0/100 (appStart: your app exited with code 1) but is recorded as fail',
      ]);
      expect(outcomeMismatch(recorded, stopped)).toBe(
        'graded error 0/100 (appStart: your app exited with code 1) but is recorded as fail',
      );
    });
  });
});
