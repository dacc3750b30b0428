import { describeValue, formatPath, formatProblem } from '../../../runner/lab/lab-problem';

describe('formatProblem', () => {
  test.each([
    [
      { file: 'lab.yaml', path: 'stages[2].points', message: 'expected a positive integer, got "ten"' },
      'lab.yaml: stages[2].points: expected a positive integer, got "ten"',
    ],
    [
      { file: 'lab.yaml', line: 3, column: 7, message: 'YAML syntax error: x' },
      'lab.yaml:3:7: YAML syntax error: x',
    ],
    [{ file: 'db/seed.json', message: 'invalid JSON', fix: 'fix it' }, 'db/seed.json: invalid JSON; fix it'],
  ])('%j', (problem, expected) => {
    expect(formatProblem(problem)).toBe(expected);
  });

  test('paths use dots for keys and brackets for list positions', () => {
    expect(formatPath(['stages', 2, 'tests', 0])).toBe('stages[2].tests[0]');
    expect(formatPath(['id'])).toBe('id');
  });

  test('values are shown the way YAML authors wrote them', () => {
    expect([
      describeValue('ten'),
      describeValue(30),
      describeValue(null),
      describeValue([]),
      describeValue([1]),
      describeValue({}),
    ]).toEqual(['"ten"', '30', 'an empty value', 'an empty list', 'a list', 'a mapping']);
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
  });
});
