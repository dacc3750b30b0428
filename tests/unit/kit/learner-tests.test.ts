import { rm } from 'node:fs/promises';
import {
  catchingTests,
  describeRun,
  keptRun,
  passedTests,
  type LearnerRun,
} from '../../../runner/kit/learner-tests';

const ran = (statuses: Record<string, 'passed' | 'failed' | 'skipped'>): LearnerRun => ({
  outcome: 'ran',
  tests: Object.entries(statuses).map(([name, status]) => ({ name, status })),
  suiteErrors: [],
  output: '',
});

describe('catchingTests', () => {
  test('counts a test that passes on the reference and fails on the broken API', () => {
    const reference = ran({ a: 'passed', b: 'passed', c: 'failed' });
    const broken = ran({ a: 'passed', b: 'failed', c: 'failed' });
    expect(catchingTests(reference, broken)).toEqual(['b']);
  });

  test('a test failing on both catches nothing; nor does a broken run that timed out or did not run', () => {
    const reference = ran({ a: 'failed', b: 'passed' });
    expect(catchingTests(reference, ran({ a: 'failed', b: 'passed' }))).toEqual([]);
    expect(catchingTests(reference, { outcome: 'timeout', output: '' })).toEqual([]);
    expect(catchingTests(reference, { outcome: 'not-run', reason: 'x', output: '' })).toEqual([]);
  });

  test('a skipped test neither passes nor catches', () => {
    expect(passedTests(ran({ a: 'skipped', b: 'passed' }))).toEqual(['b']);
    expect(catchingTests(ran({ a: 'skipped' }), ran({ a: 'failed' }))).toEqual([]);
  });
});

describe('describeRun', () => {
  test('counts the outcomes', () => {
    expect(describeRun(ran({ a: 'passed', b: 'failed', c: 'skipped' }))).toBe(
      '3 tests: 1 passed, 1 failed, 1 skipped',
    );
  });

  test('says why nothing ran', () => {
    expect(describeRun({ outcome: 'timeout', output: '' })).toMatch(/did not finish in time/);
    expect(describeRun({ outcome: 'not-run', reason: 'jest is not installed', output: '' })).toBe(
      'your tests did not run: jest is not installed',
    );
    expect(
      describeRun({
        outcome: 'ran',
        tests: [],
        suiteErrors: ['a.test.js: SyntaxError\n  at 1:2'],
        output: '',
      }),
    ).toBe('jest found no tests: a.test.js: SyntaxError');
  });
});

describe('keptRun', () => {
  const key = `unit-${process.pid}-${Date.now()}`;
  afterAll(() => rm(`/tmp/backlab-kept-runs/${key}.json`, { force: true }));

  test('runs once per key and answers the kept result after', async () => {
    const run = jest.fn(async () => ran({ a: 'passed' }));
    expect(await keptRun(key, run)).toEqual(ran({ a: 'passed' }));
    expect(await keptRun(key, run)).toEqual(ran({ a: 'passed' }));
    expect(run).toHaveBeenCalledTimes(1);
  });
});
