import { closestMatch, editDistance } from '../../../runner/lab/closest-match';

describe('closestMatch', () => {
  test.each([
    ['pointz', ['id', 'title', 'points'], 'points'],
    ['titel', ['id', 'title', 'points'], 'title'],
    ['Hints', ['hints', 'hidden'], 'hints'],
    ['mongo', ['mysql', 'mongodb', 'nginx'], 'mongodb'],
    ['colour', ['id', 'title', 'points'], undefined],
    ['ids', ['id', 'tags'], 'id'],
    ['ip', ['id', 'tags'], undefined],
    ['x', [], undefined],
  ])('%s among %j → %s', (word, candidates, expected) => {
    expect(closestMatch(word, candidates)).toBe(expected);
  });

  test('a swap of neighbouring letters is one edit', () => {
    expect(editDistance('title', 'titel')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
