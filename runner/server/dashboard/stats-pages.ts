import type { Lab } from '../../lab';
import type { BestScore } from '../store/submission-store';
import { barChart, histogram, scoreBuckets } from './charts';
import { averageOf, scoreClass, totalOf } from './grid-totals';
import { html, query, type Html } from './html';
import { formatScore } from './layout';
import type { StagePassRate } from './stage-pass-rates';

/** The instructor's overview pages: the best-score grid, the labs, and a lab's scores and stages. */

export function gridBody(scores: BestScore[], labs: string[]): Html {
  const learners = [...new Set(scores.map((s) => s.learner))].sort();
  const cell = (learner: string, lab: string) => scores.find((s) => s.learner === learner && s.lab === lab);
  if (learners.length === 0) return html`<p class="muted">No submissions yet.</p>`;
  return html` <p class="muted">
      Best score of every learner in every lab, over all graded attempts; the total is over the labs a learner
      submitted to, the average over the learners graded in a lab.
    </p>
    <table id="grid">
      <thead>
        <tr>
          <th>Learner</th>
          ${labs.map((lab) => html`<th class="num"><a href="/dashboard/labs/${lab}">${lab}</a></th>`)}
          <th class="num">Total</th>
        </tr>
      </thead>
      <tbody>
        ${learners.map(
          (learner) =>
            html`<tr>
              <td class="learner">${learner}</td>
              ${labs.map((lab) => {
                const score = cell(learner, lab);
                return html`<td class="num ${scoreClass(score?.best, score?.maxScore)}">
                  ${score ? html`<a href="/dashboard${query({ learner, lab })}">${formatScore(score.best, score.maxScore)}</a>` : '–'}
                </td>`;
              })}
              <td class="num total">${totalOf(scores.filter((s) => s.learner === learner))}</td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th>Average</th>
          ${labs.map((lab) => html`<td class="num">${averageOf(scores.filter((s) => s.lab === lab))}</td>`)}
          <td></td>
        </tr>
      </tfoot>
    </table>`;
}

export function labsBody(labs: Lab[]): Html {
  return html`<ul>
    ${labs.map((lab) => html`<li><a href="/dashboard/labs/${lab.id}">${lab.id}</a> — ${lab.title}</li>`)}
  </ul>`;
}

export function labStatsBody(lab: Lab, rates: StagePassRate[], scorePercents: number[]): Html {
  const percent = (part: number, whole: number) => (whole ? Math.round((part / whole) * 100) : 0);
  const graded = rates[0]?.graded ?? 0;
  return html` <p>${lab.summary}</p>
    <p class="muted">
      Over the latest grade of each graded submission (${graded} submissions by ${rates[0]?.learners ?? 0}
      learners).
    </p>
    ${
      graded
        ? html`<h2>Scores</h2>
            ${histogram('score-distribution', `Scores of ${lab.id}, in tenths of the maximum`, scoreBuckets(scorePercents))}
            <h2>Stages passed</h2>
            ${barChart(
              'stage-pass-chart',
              `Share of submissions that passed each stage of ${lab.id}`,
              rates.map((r) => ({
                label: r.title,
                value: r.passed,
                of: r.graded,
                caption: `${r.passed}/${r.graded} · ${percent(r.passed, r.graded)}%`,
              })),
            )}`
        : html`<p class="muted" id="no-grades">No graded submission yet.</p>`
    }
    <table id="stage-rates">
      <thead>
        <tr>
          <th>Stage</th>
          <th class="num">Points</th>
          <th class="num">Submissions passed</th>
          <th>Rate</th>
          <th class="num">Learners passed</th>
        </tr>
      </thead>
      <tbody>
        ${rates.map(
          (r) =>
            html`<tr>
              <td>${r.title} <span class="muted">${r.id}</span></td>
              <td class="num">${r.points}</td>
              <td class="num">${r.passed}/${r.graded}</td>
              <td>
                <progress max="100" value="${percent(r.passed, r.graded)}"></progress>
                ${percent(r.passed, r.graded)}%
              </td>
              <td class="num">${r.learnersPassed}/${r.learners}</td>
            </tr>`,
        )}
      </tbody>
    </table>`;
}
