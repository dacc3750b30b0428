import type { ProgressEvent } from '../grading/progress-hub';
import type { Lab } from '../../lab';
import type { Account, Attempt, ListedSubmission, Submission } from '../store/records';
import { outcomeOf } from '../store/records';
import { ATTEMPT_STATES } from '../store/records';
import { html, query, type Html } from './html';
import { formatScore, formatTime, statusBadge } from './layout';
import { pagerView, resultBadge, type ListPage } from './list-parts';
import { reportView, stageSummaryView } from './report-view';

/** The bodies of the dashboard pages; layout.ts wraps them. Every value goes through `html`. */

export interface SubmissionFilters {
  lab?: string;
  learner?: string;
  status?: string;
}

export function loginBody(next: string, failed: boolean): Html {
  return html` ${failed ? html`<p class="error" id="login-error">That token is not valid on this server.</p>` : ''}
    <form method="post" action="/login">
      <input type="hidden" name="next" value="${next}" />
      <label
        >Your backlab token
        <input type="password" name="token" autocomplete="current-password" required size="50"
      /></label>
      <p><button type="submit">Sign in</button></p>
    </form>
    <p class="muted">
      Learners get their token from their instructor; the instructor token was printed when the server first
      started.
    </p>`;
}

export function submissionsBody(
  account: Account,
  submissions: ListedSubmission[],
  listPage: ListPage,
  labs: Lab[],
  filters: SubmissionFilters,
): Html {
  const instructor = account.role === 'instructor';
  return html` <form class="filters" method="get" action="/dashboard">
      <label
        >Lab
        <select name="lab">
          <option value="">all</option>
          ${labs.map((lab) => html`<option value="${lab.id}" ${lab.id === filters.lab ? html`selected` : ''}>${lab.id}</option>`)}
        </select></label
      >
      ${instructor ? html`<label>Learner <input name="learner" value="${filters.learner ?? ''}" /></label>` : ''}
      <label
        >Status
        <select name="status">
          <option value="">all</option>
          ${ATTEMPT_STATES.map((s) => html`<option value="${s}" ${s === filters.status ? html`selected` : ''}>${s}</option>`)}
        </select></label
      >
      <button type="submit">Filter</button>
      ${instructor ? html`<a href="/dashboard/export.csv${query({ lab: filters.lab, learner: filters.learner, status: filters.status })}" id="csv-link">Export CSV</a>` : ''}
    </form>
    ${submissions.length === 0 ? html`<p class="muted" id="no-submissions">No submissions${filters.lab || filters.learner || filters.status ? ' match these filters' : ' yet'}.</p>` : ''}
    ${pagerView(listPage, { ...filters })}
    ${
      submissions.length
        ? html`<table id="submissions">
            <thead>
              <tr>
                <th>Submission</th>
                ${instructor ? html`<th>Learner</th>` : ''}
                <th>Lab</th>
                <th>Status</th>
                <th>Result</th>
                <th class="num">Score</th>
                <th class="num">Attempt</th>
                <th>Submitted</th>
              </tr>
            </thead>
            <tbody>
              ${submissions.map(
                (s) =>
                  html`<tr>
                    <td class="id"><a href="/dashboard/submissions/${s.id}">${s.id}</a></td>
                    ${instructor ? html`<td class="learner"><a href="/dashboard${query({ learner: s.learner })}">${s.learner}</a></td>` : ''}
                    <td>${s.lab}</td>
                    <td>${statusBadge(s.attempt.state)}</td>
                    <td>${resultBadge(s.attempt.outcome)}</td>
                    <td class="num">${formatScore(s.attempt.outcome?.score, s.attempt.outcome?.maxScore)}</td>
                    <td class="num">${s.attempt.number}</td>
                    <td>${formatTime(s.createdAt)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : ''
    }`;
}

export interface SubmissionPageData {
  account: Account;
  csrf: string;
  submission: Submission;
  attempts: Attempt[];
  /** The result as this viewer may see it. */
  result?: Attempt['result'];
  appLog?: string;
  progress: ProgressEvent[];
}

export function submissionBody(data: SubmissionPageData): Html {
  const { submission, attempts, account } = data;
  const attempt = submission.attempt;
  const unfinished = attempt.state === 'queued' || attempt.state === 'running';
  return html` <dl>
      <dt>Learner</dt>
      <dd class="learner">${submission.learner}</dd>
      <dt>Lab</dt>
      <dd>${submission.lab}</dd>
      <dt>Status</dt>
      <dd id="status">${statusBadge(attempt.state)} (attempt ${attempt.number})</dd>
      <dt>Submitted</dt>
      <dd>${formatTime(submission.createdAt)}</dd>
    </dl>
    ${attempt.errorCause ? html`<p class="error" id="error-cause">${attempt.errorCause}</p>` : ''}
    ${account.role === 'instructor' && !unfinished ? regradeForm(submission.id, data.csrf) : ''}
    ${data.result ? stageSummaryView(data.result) : ''} ${unfinished ? progressView(data.progress) : ''}
    ${
      data.result
        ? html`<h2>Report</h2>
            ${reportView(data.result)}`
        : ''
    }
    ${
      data.appLog
        ? html`<h2>App log</h2>
            <pre id="app-log">${data.appLog}</pre>`
        : ''
    }
    <h2>Attempts</h2>
    <table id="attempts">
      <thead>
        <tr>
          <th class="num">#</th>
          <th>Reason</th>
          <th>By</th>
          <th>Status</th>
          <th>Result</th>
          <th class="num">Score</th>
          <th>Queued</th>
          <th>Finished</th>
          <th>Retried after</th>
        </tr>
      </thead>
      <tbody>
        ${attempts.map(
          (a) =>
            html`<tr>
              <td class="num">${a.number}</td>
              <td>${a.reason}</td>
              <td>${a.requestedBy}</td>
              <td>${statusBadge(a.state)}</td>
              <td>${resultBadge(outcomeOf(a.result))}</td>
              <td class="num">${formatScore(a.result?.score, a.result?.maxScore)}</td>
              <td>${formatTime(a.queuedAt)}</td>
              <td>${formatTime(a.finishedAt)}</td>
              <td>${a.failures.join('; ')}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}

function regradeForm(submissionId: string, csrf: string): Html {
  return html`<form method="post" action="/dashboard/submissions/${submissionId}/regrade">
    <input type="hidden" name="csrf" value="${csrf}" /><button type="submit" id="regrade">Regrade</button>
  </form>`;
}

function progressView(events: ProgressEvent[]): Html {
  const steps = new Map<number, Extract<ProgressEvent, { type: 'step' }>>();
  for (const event of events) if (event.type === 'step') steps.set(event.step, event);
  return html`<h2>Progress</h2>
    <p class="muted">This page reloads every few seconds while the grade runs.</p>
    <ul id="progress">
      ${[...steps.values()].map((s) => html`<li>${statusBadge(s.status === 'succeeded' ? 'pass' : s.status === 'failed' ? 'fail' : 'running')} ${s.title} ${s.detail ? html`<span class="muted">${s.detail}</span>` : ''}</li>`)}
    </ul>`;
}
