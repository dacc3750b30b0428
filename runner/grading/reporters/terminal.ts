import pc from 'picocolors';
import type { GradeResult, StageResult, TestResult } from '../result';
import { summarizeFailure } from './failure-message';
import { HIDDEN_TEST_NOTE } from './hidden-tests';
import { describeStop, SANDBOX_NOTE } from './phases';
import { formatPoints, lastLines, stripAnsi, toPlainText } from './plain-text';
import { plural } from '../../common/units';

export interface TerminalReportOptions {
  color: boolean;
  /** Show hidden tests' messages too (instructors checking a lab); learners never see them. */
  showHidden?: boolean;
  /** Where the full app log was saved; named on the score line. */
  logPath?: string;
}

type Colors = ReturnType<typeof pc.createColors>;

const INDENT = '  ';
const GAP = '  ';
const WIDE_GAP = '   ';
/** Beyond this, more failures of one stage add length, not insight (all fail when the app is down). */
const MAX_FAILURES_PER_STAGE = 5;
const APP_LOG_LINES = 15;

/**
 * The score report a person reads after `backlab test`: one aligned row per stage, the failed tests
 * with why they failed, the stage's hints, and the score line.
 */
export function formatTerminal(result: GradeResult, opts: TerminalReportOptions): string {
  const c = pc.createColors(opts.color);
  const lines = stageRows(result.stages, opts, c);
  if (result.status === 'error') {
    const block = errorBlock(result, c);
    if (lines.length > 0 && block.length > 0) lines.push('');
    lines.push(...block);
    if (block.length > 0) lines.push('');
  }
  for (const note of result.notes ?? []) lines.push(`${INDENT}${c.dim(`note: ${oneLine(note)}`)}`);
  lines.push(scoreLine(result, opts, c));
  // Blank message lines would otherwise keep the indentation as trailing spaces.
  return `${lines.map((line) => (stripAnsi(line).trim() === '' ? '' : line)).join('\n')}\n`;
}

function stageRows(stages: StageResult[], opts: TerminalReportOptions, c: Colors): string[] {
  const cells = stages.map((stage, i) => ({
    label: `Stage ${i + 1}`,
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
  const markColumn =
    INDENT.length +
    widths.label +
    GAP.length +
    widths.title +
    GAP.length +
    widths.tests +
    WIDE_GAP.length * 2 +
    widths.score;
  const markIndent = ' '.repeat(markColumn);

  return stages.flatMap((stage, i) => {
    const cell = cells[i];
    const score = cell.score.padStart(widths.score);
    const row =
      INDENT +
      c.bold(cell.label.padEnd(widths.label)) +
      GAP +
      cell.title.padEnd(widths.title) +
      GAP +
      cell.tests.padStart(widths.tests) +
      WIDE_GAP +
      (stage.status === 'pass' ? c.green(score) : score) +
      WIDE_GAP;
    const [first, ...rest] = stageDetails(stage, opts, c);
    return [row + first, ...rest.map((line) => markIndent + line)];
  });
}

/** The lines shown from the mark column on: ✔, or each failure with its message, then the hints. */
function stageDetails(stage: StageResult, opts: TerminalReportOptions, c: Colors): string[] {
  if (stage.status === 'pass') return [c.green('✔')];
  const lines: string[] = [];
  if (stage.error) {
    const [first, ...rest] = toPlainText(stage.error).trim().split('\n');
    lines.push(c.red(`✘ could not be graded: ${first}`), ...rest.map((line) => `  ${line}`));
  }
  const failed = stage.tests.filter((test) => test.status === 'fail');
  for (const test of failed.slice(0, MAX_FAILURES_PER_STAGE)) lines.push(...failureLines(test, opts, c));
  if (failed.length > MAX_FAILURES_PER_STAGE) {
    lines.push(c.red(`✘ … and ${plural(failed.length - MAX_FAILURES_PER_STAGE, 'more failed test')}`));
  }
  if (lines.length === 0) lines.push(c.red('✘'));
  lines.push(...stage.hints.map((hint) => `  ${c.yellow('hint:')} ${oneLine(hint)}`));
  return lines;
}

function failureLines(test: TestResult, opts: TerminalReportOptions, c: Colors): string[] {
  const name = oneLine(test.name);
  if (test.hidden && !opts.showHidden) return [`${c.red('✘')} ${name} ${c.dim(`(${HIDDEN_TEST_NOTE})`)}`];
  const summary = summarizeFailure(test.message ?? '', name);
  const notes = [summary.inline, test.hidden ? HIDDEN_TEST_NOTE : undefined].filter(Boolean);
  const suffix = notes.map((note) => ` (${note})`).join('');
  const details = summary.inline ? [] : summary.lines;
  return [`${c.red('✘')} ${name}${suffix}`, ...details.map((line) => `  ${c.dim(line)}`)];
}

/**
 * Why grading stopped (when the whole run did; a stage that could not be graded says so on its
 * row) and the end of the app log, which usually shows the cause.
 */
function errorBlock(result: GradeResult, c: Colors): string[] {
  const lines: string[] = [];
  const { error } = result;
  if (error) {
    lines.push(INDENT + c.bold(c.red(`✘ ${describeStop(error)}`)));
    const message = toPlainText(error.message).trim().split('\n');
    lines.push(...message.map((line) => `${INDENT}  ${line}`));
    if (error.cause === 'sandbox') lines.push(`${INDENT}  ${SANDBOX_NOTE}`);
    if (error.hint) lines.push(`${INDENT}  ${c.cyan(`→ ${oneLine(error.hint)}`)}`);
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

function oneLine(text: string): string {
  return toPlainText(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
