import { scoreStage, unscoredStage } from '../../../runner/grading/score-stage';
import type { LabStage } from '../../../runner/lab';

const stage: LabStage = {
  id: 'login',
  title: 'Log in',
  points: 20,
  tests: [],
  hidden: [],
  hints: ['use bcrypt.compare'],
  starterPasses: false,
};
const test = (name: string, status: 'pass' | 'fail', hidden = false) => ({
  name,
  status,
  durationMs: 5,
  hidden,
  message: status === 'fail' ? 'expected 401, got 200' : undefined,
});

describe('scoreStage', () => {
  it('shares the points equally and rounds to hundredths', () => {
    const result = scoreStage(
      stage,
      { tests: [test('a', 'pass'), test('b', 'pass'), test('c', 'fail')], suiteErrors: [] },
      100,
    );
    expect(result).toMatchObject({
      status: 'fail',
      score: 13.33,
      maxScore: 20,
      hints: ['use bcrypt.compare'],
    });
    expect(result.tests.map((t) => [t.points, t.maxPoints])).toEqual([
      [6.67, 6.67],
      [6.67, 6.67],
      [0, 6.67],
    ]);
  });

  it('gives a fully passed stage exactly its points and no hints', () => {
    const result = scoreStage(
      stage,
      { tests: [test('a', 'pass'), test('b', 'pass'), test('c', 'pass')], suiteErrors: [] },
      100,
    );
    expect(result).toMatchObject({ status: 'pass', score: 20, hints: [] });
  });

  it('counts hidden tests in the share when they ran', () => {
    const result = scoreStage(
      stage,
      { tests: [test('a', 'pass'), test('h', 'fail', true)], suiteErrors: [] },
      100,
    );
    expect(result.score).toBe(10);
  });

  it('is an error, not a fail, when a suite could not run or there were no tests', () => {
    expect(
      scoreStage(
        stage,
        { tests: [test('a', 'pass')], suiteErrors: ['tests/x.test.ts could not run: SyntaxError'] },
        1,
      ),
    ).toMatchObject({ status: 'error', error: expect.stringContaining('SyntaxError') });
    expect(scoreStage(stage, { tests: [], suiteErrors: [] }, 1)).toMatchObject({
      status: 'error',
      error: 'the stage has no tests',
    });
  });

  it('records a stage that was not run with its reason and no points', () => {
    expect(unscoredStage(stage, 'fail', 'not graded: your app exited')).toMatchObject({
      status: 'fail',
      score: 0,
      maxScore: 20,
      tests: [],
      error: 'not graded: your app exited',
    });
  });
});
