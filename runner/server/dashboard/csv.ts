import type { ListedSubmission } from '../store/records';

const COLUMNS = [
  'id',
  'learner',
  'lab',
  'status',
  'result',
  'score',
  'max_score',
  'attempt',
  'submitted_at',
  'finished_at',
  'error',
];

/** One row per submission (its latest attempt), for spreadsheets. */
export function submissionsCsv(submissions: ListedSubmission[]): string {
  const rows = submissions.map((s) => {
    const a = s.attempt;
    return [
      s.id,
      s.learner,
      s.lab,
      a.state,
      a.outcome?.status ?? '',
      a.outcome?.score ?? '',
      a.outcome?.maxScore ?? '',
      a.number,
      s.createdAt,
      a.finishedAt ?? '',
      a.errorCause ?? '',
    ];
  });
  return (
    [COLUMNS, ...rows].map((row) => row.map((cell) => csvCell(String(cell))).join(',')).join('\r\n') + '\r\n'
  );
}

/**
 * RFC 4180 quoting, and a leading apostrophe for text a spreadsheet would run as a formula
 * (=, +, -, @, tab, CR), since learner names and messages end up in these cells.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
