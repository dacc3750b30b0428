import pc from 'picocolors';
import type { GradeResult } from '../result';
import { describeStop, SANDBOX_NOTE } from './phases';
import { formatPoints, lastLines, oneLine, stripAnsi, toPlainText } from './plain-text';
import { focusStages, laterStagesLines, nextStepLine, type NumberedStage } from './terminal-focus';
import { INDENT, widthOf, type Colors, type TerminalReportOptions } from './terminal-options';
import { stageDetails } from './terminal-stage';
import { wrapLine, wrapText } from './wrap';

export type { TerminalReportOptions } from './terminal-options';

const GAP = '  ';
const WIDE_GAP = '   ';
const APP_LOG_LINES = 15;

/**
 * The score report a person reads after `backlab test`: an aligned row per stage up to the first
 * one that does not pass (every stage with `all`), under it that stage's failed tests and hints,
 * a line counting the stages not shown, and the score line; then what to do next.
 */
export function formatTerminal(result: GradeResult, opts: TerminalReportOptions): string {
  const c = pc.createColors(opts.color);
  const { shown, later } = focusStages(result, opts);
  const lines = stageRows(shown, opts, c);
  lines.push(...laterStagesLines(later, opts));
  if (result.status === 'error') {
    const block = errorBlock(result, opts, c);
    if (lines.length > 0 && block.length > 0 && lines[lines.length - 1] !== '') lines.push('');
    lines.push(...block);
    if (block.length > 0) lines.push('');
  }
  for (const note of result.notes ?? []) {
    lines.push(...wrapLine(`note: ${oneLine(note)}`, widthOf(opts), INDENT, '  ').map(c.dim));
  }
  lines.push(scoreLine(result, opts, c));
  const next = nextStepLine(result, opts, c);
  if (next) lines.push(next);
  // Blank message lines would otherwise keep the indentation as trailing spaces.
  return `${lines.map((line) => (stripAnsi(line).trim() === '' ? '' : line)).join('\n')}\n`;
}

/** A row per stage; a stage that did not pass has its details under it, then a blank line. */
function stageRows(stages: NumberedStage[], opts: TerminalReportOptions, c: Colors): string[] {
  const cells = stages.map(({ stage, number }) => ({
    label: `Stage ${number}`,
    title: oneLine(stage.title),
    tests: `${stage.tests.filter((test) => test.status === 'pass').length}/${stage.tests.length}`,
    score: `${formatPoints(stage.score)}/${formatPoints(stage.maxScore)}`,
  }));
  const width = (key: keyof (typeof cells)[number]) => Math.max(0, ...cells.map((cell) => cell[key].length));
  const widths = {
    label: width('label'),
    title: width('title'),
    tests: width('tests'),
    score: width('score'),
  };

  return stages.flatMap(({ stage }, i) => {
    const cell = cells[i];
    const score = cell.score.padStart(widths.score);
    const passed = stage.status === 'pass';
    const row =
      INDENT +
      c.bold(cell.label.padEnd(widths.label)) +
      GAP +
      cell.title.padEnd(widths.title) +
      GAP +
      cell.tests.padStart(widths.tests) +
      WIDE_GAP +
      (passed ? c.green(score) : score) +
      WIDE_GAP +
      (passed ? c.green('✔') : c.red('✘'));
    return passed ? [row] : [row, ...stageDetails(stage, opts, c), ''];
  });
}

/**
 * Why grading stopped (when the whole run did; a stage that could not be graded says so under
 * its row) and the end of the app log, which usually shows the cause.
 */
function errorBlock(result: GradeResult, opts: TerminalReportOptions, c: Colors): string[] {
  const lines: string[] = [];
  const { error } = result;
  if (error) {
    const width = widthOf(opts);
    lines.push(INDENT + c.bold(c.red(`✘ ${describeStop(error)}`)));
    lines.push(...wrapText(toPlainText(error.message).trim(), width, `${INDENT}  `));
    if (error.cause === 'sandbox') lines.push(...wrapLine(SANDBOX_NOTE, width, `${INDENT}  `));
    if (error.hint)
      lines.push(...wrapLine(`→ ${oneLine(error.hint)}`, width, `${INDENT}  `, '  ').map(c.cyan));
  }
  const logLines = lastLines(toPlainText(result.appLog), Infinity);
  const tail = logLines.slice(-APP_LOG_LINES);
  if (tail.length > 0) {
    const truncated = tail.length < logLines.length;
    if (lines.length > 0) lines.push('');
    lines.push(INDENT + c.dim(truncated ? `App log (last ${tail.length} lines):` : 'App log:'));
    lines.push(...tail.map((line) => `${INDENT}  ${line}`.trimEnd()));
  }
  return lines;
}

function scoreLine(result: GradeResult, opts: TerminalReportOptions, c: Colors): string {
  const paint = { pass: c.green, fail: c.red, error: c.red }[result.status];
  const parts = [
    `Score ${c.bold(`${formatPoints(result.score)}/${formatPoints(result.maxScore)}`)}`,
    paint(result.status),
    ...(opts.logPath ? [`app log: ${opts.logPath}`] : []),
  ];
  return INDENT + parts.join(' · ');
}
