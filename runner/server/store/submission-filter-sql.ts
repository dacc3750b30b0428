import type { SubmissionFilter } from './records';

/**
 * The WHERE clause of a submission listing and its parameters, shared by the list and its count
 * so that a page's "of N" always counts the same rows it pages through. It joins each submission
 * to its current attempt as `a`.
 */
export function submissionFilterSql(filter: SubmissionFilter): { where: string; params: string[] } {
  const conditions: Array<[string, string | undefined]> = [
    ['s.lab = ?', filter.lab],
    ['s.learner = ?', filter.learner],
    ['a.state = ?', filter.state],
  ];
  const used = conditions.filter((c): c is [string, string] => c[1] !== undefined && c[1] !== '');
  const joined = 'FROM submissions s JOIN attempts a ON a.id = s.current_attempt';
  return {
    where: used.length ? `${joined} WHERE ${used.map(([sql]) => sql).join(' AND ')}` : joined,
    params: used.map(([, value]) => value),
  };
}
