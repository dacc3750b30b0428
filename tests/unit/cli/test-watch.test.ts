import { currentStages, describeChange, recordStages } from '../../../runner/cli/commands/test-watch';
import type { GradeResult } from '../../../runner/grading/result';
import type { Lab } from '../../../runner/lab';

const lab = {
  id: 'three-stages',
  stages: [
    { id: 'register', title: 'Register' },
    { id: 'login', title: 'Log in' },
    { id: 'sessions', title: 'Sessions' },
  ],
} as unknown as Lab;

function ran(stages: Array<[string, 'pass' | 'fail']>): GradeResult {
  return { stages: stages.map(([id, status]) => ({ id, status })) } as unknown as GradeResult;
}

describe('test --watch: which stage it tests after a change', () => {
  it('is the first stage when nothing has passed yet', () => {
    expect(currentStages(lab, new Set())).toEqual(['register']);
  });

  it('moves on once the current stage passes, and back when an earlier one breaks', () => {
    const passed = new Set<string>();
    recordStages(
      passed,
      ran([
        ['register', 'pass'],
        ['login', 'fail'],
        ['sessions', 'fail'],
      ]),
    );
    expect(currentStages(lab, passed)).toEqual(['login']);
    recordStages(passed, ran([['login', 'pass']]));
    // A run of one stage says nothing of the others: register is still known to pass.
    expect(currentStages(lab, passed)).toEqual(['sessions']);
    recordStages(passed, ran([['register', 'fail']]));
    expect(currentStages(lab, passed)).toEqual(['register']);
  });

  it('is every stage once all have passed', () => {
    const passed = new Set<string>();
    recordStages(
      passed,
      ran([
        ['register', 'pass'],
        ['login', 'pass'],
        ['sessions', 'pass'],
      ]),
    );
    expect(currentStages(lab, passed)).toBeUndefined();
  });

  it('a run that could not grade (no stages in its result) changes nothing', () => {
    const passed = new Set(['register']);
    recordStages(passed, ran([]));
    expect(currentStages(lab, passed)).toEqual(['login']);
  });

  it('names what changed, a few files at most', () => {
    expect(describeChange(['server.js'])).toBe('server.js changed');
    expect(describeChange(['a.js', 'b.js'])).toBe('a.js, b.js changed');
    expect(describeChange(['a.js', 'b.js', 'c.js', 'd.js', 'e.js'])).toBe(
      'a.js, b.js, c.js and 2 more files changed',
    );
  });
});
