import { pageNumber, pagerView, PAGE_SIZE, resultBadge } from '../../../runner/server/dashboard/list-parts';

describe('the submissions list: pages and outcomes', () => {
  it('keeps the asked page within the pages there are', () => {
    expect(pageNumber(undefined, 120)).toBe(1);
    expect(pageNumber('2', 120)).toBe(2);
    expect(pageNumber('9', 120)).toBe(Math.ceil(120 / PAGE_SIZE));
    expect(pageNumber('0', 120)).toBe(1);
    expect(pageNumber('-3', 120)).toBe(1);
    expect(pageNumber('2x', 120)).toBe(1);
    expect(pageNumber('4', 0)).toBe(1);
  });

  it('says which rows of how many it shows, and links either side keeping the filters', () => {
    const middle = pagerView({ number: 2, total: 120 }, { lab: 'login-system', learner: undefined }).text;
    expect(middle).toContain(`Showing ${PAGE_SIZE + 1}–${2 * PAGE_SIZE} of 120 submissions`);
    expect(middle).toContain('href="/dashboard?lab&#61;login-system" id="newer"');
    expect(middle).toContain('href="/dashboard?lab&#61;login-system&#38;page&#61;3" id="older"');
    const last = pagerView({ number: 3, total: 120 }, {}).text;
    expect(last).toContain(`Showing ${2 * PAGE_SIZE + 1}–120 of 120`);
    expect(last).not.toContain('id="older"');
    expect(pagerView({ number: 1, total: 1 }, {}).text).toMatch(/Showing 1–1 of 1 submission(?!s)/);
    expect(pagerView({ number: 1, total: 0 }, {}).text).toBe('');
  });

  it('calls a grade that never reached its tests "could not grade", with whose failure it was', () => {
    const crashed = resultBadge({ status: 'error', score: 0, maxScore: 100, errorCause: 'submission' }).text;
    expect(crashed).toContain('>could not grade<');
    expect(crashed).toContain('(the submission&#39;s code)');
    expect(crashed).not.toContain('>error<');
    expect(
      resultBadge({ status: 'error', score: 0, maxScore: 100, errorCause: 'infrastructure' }).text,
    ).toContain('(the grading machine)');
    expect(resultBadge({ status: 'fail', score: 40, maxScore: 100 }).text).toBe(
      '<span class="fail">fail</span>',
    );
    expect(resultBadge(undefined).text).toBe('');
  });
});
