import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { outcomeMismatch } from '../../../runner/authoring/check-known-answers';
import { readKnownAnswers } from '../../../runner/authoring/known-answer';
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

describe('outcomeMismatch', () => {
  const failing = fakeResult({
    login: { 'accepts the right password': 'pass', 'locks after 5 failures': 'fail' },
  });

  test('matches status and score, to a hundredth', () => {
    expect(
      outcomeMismatch({ from: 'solution', status: 'fail', score: 25, why: 'w' }, failing),
    ).toBeUndefined();
    expect(
      outcomeMismatch({ from: 'solution', status: 'fail', score: 25.004, why: 'w' }, failing),
    ).toBeUndefined();
  });

  test('a null score matches any score of the right status', () => {
    expect(
      outcomeMismatch({ from: 'solution', status: 'fail', score: null, why: 'w' }, failing),
    ).toBeUndefined();
  });

  test('says what was expected, what came out and which tests failed', () => {
    expect(outcomeMismatch({ from: 'solution', status: 'fail', score: 40, why: 'w' }, failing)).toBe(
      'expected fail 40/50, graded fail 25/50 (login failed: "locks after 5 failures")',
    );
    expect(outcomeMismatch({ from: 'solution', status: 'pass', score: null, why: 'w' }, failing)).toBe(
      'expected pass, graded fail 25/50 (login failed: "locks after 5 failures")',
    );
  });

  test('names the phase and message of a submission that could not be graded', () => {
    expect(
      outcomeMismatch(
        { from: 'solution', status: 'fail', score: null, why: 'w' },
        erroredResult('your app exited with code 1\nstack…'),
      ),
    ).toBe('expected fail, graded error 0/100 (appStart: your app exited with code 1)');
  });
});
