import { barChart, histogram, scoreBuckets } from '../../../runner/server/dashboard/charts';
import { averageOf, scoreClass, totalOf } from '../../../runner/server/dashboard/grid-totals';

describe('dashboard charts (server-rendered SVG)', () => {
  it('puts scores in tenths of the maximum, 100% in the last', () => {
    expect(scoreBuckets([0, 9.9, 10, 55, 99, 100])).toEqual([2, 1, 0, 0, 0, 1, 0, 0, 0, 2]);
  });

  it('draws one bar per stage, its length the share passed, with its label escaped', () => {
    const svg = barChart('rates', 'Stages <passed>', [
      { label: 'Register <b>', value: 3, of: 4, caption: '3/4 · 75%' },
      { label: 'Log in', value: 0, of: 4, caption: '0/4 · 0%' },
      { label: 'Nobody graded', value: 0, of: 0, caption: '0/0' },
    ]).text;
    expect(svg).toMatch(/<svg\s+id="rates"/);
    expect(svg).toContain('Register &#60;b&#62;');
    expect(svg).not.toContain('<b>');
    const fills = [...svg.matchAll(/width="(\d+)" height="\d+" class="fill"/g)].map((m) => Number(m[1]));
    expect(fills).toEqual([270, 0, 0]);
  });

  it('draws a column per tenth, the highest count the tallest', () => {
    const svg = histogram('scores', 'Scores', [1, 0, 0, 0, 0, 2, 0, 0, 0, 4]).text;
    const heights = [...svg.matchAll(/height="(\d+)" class="fill"/g)].map((m) => Number(m[1]));
    expect(heights[9]).toBe(140);
    expect(heights[5]).toBe(70);
    expect(heights[1]).toBe(0);
    expect(svg).toContain('>90%<');
  });
});

describe('the best-score grid: colours, totals and averages', () => {
  const score = (lab: string, best: number | undefined, maxScore = 100) => ({
    learner: 'ada',
    lab,
    best,
    maxScore,
    submissions: 1,
  });

  it('colours a score by its share of the maximum', () => {
    expect(scoreClass(95, 100)).toBe('score-high');
    expect(scoreClass(10, 20)).toBe('score-mid');
    expect(scoreClass(4, 20)).toBe('score-low');
    expect(scoreClass(undefined, 100)).toBe('score-none');
  });

  it("adds up a learner's graded labs, and averages a lab over its graded learners", () => {
    expect(totalOf([score('a', 80), score('b', 90, 100), score('c', undefined)])).toBe('170/200 (85%)');
    expect(totalOf([score('c', undefined)])).toBe('–');
    expect(averageOf([score('a', 50), score('a', 20, 20)])).toBe('75% of 2');
  });
});
