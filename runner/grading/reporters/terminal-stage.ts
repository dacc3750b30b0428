import type { StageResult, TestResult } from '../result';
import { failureLines, summarizeFailure } from './failure-message';
import { HIDDEN_TEST_NOTE } from './hidden-tests';
import { oneLine, toPlainText } from './plain-text';
import {
  commandWith,
  DETAIL_INDENT,
  widthOf,
  type Colors,
  type TerminalReportOptions,
} from './terminal-options';
import { wrapLine, wrapText } from './wrap';
import { plural } from '../../common/units';

/**
 * Without --verbose, a first message longer than this (a diff of a large body) ends with a
 * count of the lines left out: its first lines say what differs.
 */
const MAX_MESSAGE_LINES = 20;
const MESSAGE_INDENT = `${DETAIL_INDENT}  `;

/**
 * What is printed under the row of a stage that did not pass: why it could not be graded, its
 * failed tests (the first message in full, the others by title; every message with --verbose)
 * and its hints.
 */
export function stageDetails(stage: StageResult, opts: TerminalReportOptions, c: Colors): string[] {
  const width = widthOf(opts);
  const lines: string[] = [];
  if (stage.error) {
    const [first, ...rest] = toPlainText(stage.error).trim().split('\n');
    lines.push(...wrapLine(`✘ could not be graded: ${first}`, width, DETAIL_INDENT, '  ').map(c.red));
    lines.push(...wrapText(rest.join('\n'), width, MESSAGE_INDENT).filter(Boolean));
  }
  const failed = stage.tests.filter((test) => test.status === 'fail');
  const explained = failed.find((test) => messageShown(test, opts));
  for (const test of failed) {
    const full = opts.verbose || test === explained;
    lines.push(...testLines(test, full, opts, c));
  }
  for (const hint of stage.hints) {
    const [first, ...rest] = wrapLine(`hint: ${oneLine(hint)}`, width, DETAIL_INDENT, '      ');
    lines.push(first.replace('hint:', c.yellow('hint:')), ...rest);
  }
  return lines;
}

function messageShown(test: TestResult, opts: TerminalReportOptions): boolean {
  return !!test.message && (!test.hidden || !!opts.showHidden);
}

/** A failed test's title line, then (when `full`) every line of why it failed, wrapped. */
function testLines(test: TestResult, full: boolean, opts: TerminalReportOptions, c: Colors): string[] {
  const name = oneLine(test.name);
  const width = widthOf(opts);
  if (test.hidden && !opts.showHidden) {
    return wrapLine(`✘ ${name} (${HIDDEN_TEST_NOTE})`, width, DETAIL_INDENT, '  ').map(c.red);
  }
  const { inline } = summarizeFailure(test.message ?? '', name);
  const notes = [inline, test.hidden ? HIDDEN_TEST_NOTE : undefined].filter(Boolean);
  const title = wrapLine(
    `✘ ${name}${notes.map((note) => ` (${note})`).join('')}`,
    width,
    DETAIL_INDENT,
    '  ',
  );
  if (!full || inline) return title.map(c.red);
  return [...title.map(c.red), ...messageLines(failureLines(test.message ?? ''), opts)];
}

function messageLines(lines: string[], opts: TerminalReportOptions): string[] {
  const kept =
    opts.verbose || lines.length <= MAX_MESSAGE_LINES ? lines : lines.slice(0, MAX_MESSAGE_LINES - 1);
  const left = lines.length - kept.length;
  const more =
    left > 0 ? [`… ${plural(left, 'more line')}: ${commandWith(opts, '--verbose')} shows them`] : [];
  return wrapText([...kept, ...more].join('\n'), widthOf(opts), MESSAGE_INDENT);
}
