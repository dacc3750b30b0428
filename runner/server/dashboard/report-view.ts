import { stripAnsi } from '../../common/plain-text';
import { HIDDEN_TEST_NOTE } from '../../grading/reporters/hidden-tests';
import { describeStop } from '../../grading/reporters/phases';
import type { GradeResult, StageResult } from '../../grading/result';
import { formatScore, statusBadge } from './layout';
import { html, type Html } from './html';
import { resultBadge } from './list-parts';
import { outcomeOf } from '../store/records';

/** A grade result as HTML: stages, every test with its message, hints, and why grading stopped. */
export function reportView(result: GradeResult): Html {
  return html` <p>
      Result: ${resultBadge(outcomeOf(result))} · score
      <strong>${formatScore(result.score, result.maxScore)}</strong> · run <code>${result.runId}</code>
    </p>
    ${
      result.error
        ? html`<p class="error">${describeStop(result.error)}: ${result.error.message}</p>
            ${result.error.hint ? html`<p class="muted">${result.error.hint}</p>` : ''}`
        : ''
    }
    ${result.stages.map(stageView)}`;
}

/** One line per stage, linking to its part of the report: the page's top, above the long report. */
export function stageSummaryView(result: GradeResult): Html {
  if (!result.stages.length) return html``;
  return html`<table id="stage-summary">
    <thead>
      <tr>
        <th>Stage</th>
        <th>Result</th>
        <th class="num">Score</th>
        <th class="num">Tests passed</th>
      </tr>
    </thead>
    <tbody>
      ${result.stages.map(
        (stage) =>
          html`<tr>
            <td><a href="#stage-${stage.id}">${stage.title}</a></td>
            <td>${statusBadge(stage.status)}</td>
            <td class="num">${formatScore(stage.score, stage.maxScore)}</td>
            <td class="num">
              ${stage.tests.filter((t) => t.status === 'pass').length}/${stage.tests.length}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function stageView(stage: StageResult): Html {
  return html` <h3 id="stage-${stage.id}">
      ${stage.title} ${statusBadge(stage.status)}
      <span class="muted">${formatScore(stage.score, stage.maxScore)}</span>
    </h3>
    ${stage.error ? html`<pre class="error">${stripAnsi(stage.error)}</pre>` : ''}
    <table>
      <thead>
        <tr>
          <th>Test</th>
          <th>Result</th>
          <th class="num">Points</th>
          <th>Message</th>
        </tr>
      </thead>
      <tbody>
        ${stage.tests.map(
          (test) =>
            html`<tr>
              <td>${test.name}${test.hidden ? html` <span class="muted">(hidden)</span>` : ''}</td>
              <td>${statusBadge(test.status)}</td>
              <td class="num">${formatScore(test.points, test.maxPoints)}</td>
              <td>
                ${test.message ? html`<pre>${stripAnsi(test.message)}</pre>` : test.hidden && test.status === 'fail' ? html`<span class="muted">${HIDDEN_TEST_NOTE}</span>` : ''}
              </td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${
      stage.hints.length
        ? html`<p>Hints:</p>
            <ul>
              ${stage.hints.map((hint) => html`<li>${hint}</li>`)}
            </ul>`
        : ''
    }`;
}
