import type { ErrorCause } from '../../grading/result';
import type { ResultOutcome } from '../store/records';
import { html, query, type Html } from './html';

/** Rows per page of the submissions list. */
export const PAGE_SIZE = 50;

export interface ListPage {
  /** 1-based. */
  number: number;
  total: number;
}

/** The page a `?page=` asks for, kept within the pages there are. */
export function pageNumber(value: unknown, total: number): number {
  const asked = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : 1;
  return Math.min(Math.max(asked, 1), Math.max(1, Math.ceil(total / PAGE_SIZE)));
}

/** "Showing 51–100 of 742" and links to the pages either side, keeping the filters. */
export function pagerView(listPage: ListPage, filters: Record<string, string | undefined>): Html {
  const { number, total } = listPage;
  if (total === 0) return html``;
  const first = (number - 1) * PAGE_SIZE + 1;
  const last = Math.min(number * PAGE_SIZE, total);
  const pages = Math.ceil(total / PAGE_SIZE);
  const link = (to: number, label: string, id: string) =>
    html`<a href="/dashboard${query({ ...filters, page: to === 1 ? undefined : String(to) })}" id="${id}"
      >${label}</a
    >`;
  return html`<p class="pager" id="pager">
    Showing ${first}–${last} of ${total} submission${total === 1 ? '' : 's'}
    ${number > 1 ? link(number - 1, '← Newer', 'newer') : ''}
    ${number < pages ? link(number + 1, 'Older →', 'older') : ''}
  </p>`;
}

const WHOSE: Record<ErrorCause, string> = {
  submission: "the submission's code",
  sandbox: 'a limit of the sandbox',
  infrastructure: 'the grading machine',
};

/**
 * The outcome of a finished grade: pass or fail, or "could not grade" with whose failure it was.
 * A result of status error is a grade that never got to its tests; "graded" next to a red "error"
 * would read as a contradiction.
 */
export function resultBadge(outcome: ResultOutcome | undefined): Html {
  if (!outcome) return html``;
  if (outcome.status !== 'error') return html`<span class="${outcome.status}">${outcome.status}</span>`;
  const cause = outcome.errorCause;
  return html`<span class="error">could not grade</span
    >${cause ? html` <span class="muted">(${WHOSE[cause]})</span>` : ''}`;
}
