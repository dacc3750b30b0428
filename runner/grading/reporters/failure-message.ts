import { toPlainText, truncate } from './plain-text';

/** What a learner needs from a failed test's message, without jest's scaffolding around it. */
export interface FailureSummary {
  /** The lines that matter, at most MAX_LINES of them. */
  lines: string[];
  /** Set when the message is just "Expected: A / Received: B": a short "expected A, got B" for one-line reports. */
  inline?: string;
}

const MAX_LINES = 8;
const MAX_LINE_LENGTH = 200;

// Lines that only say where the failure happened or how jest phrases it, never why.
const NOISE: RegExp[] = [
  /^\s*at\s/, // stack frames
  /^\s*●/, // jest's "● Stage › test" header repeats the test name
  /^\s*>?\s*\d+\s*\|/, // code frame lines ("> 23 |   expect(res.status)…")
  /^\s*\|\s*\^*\s*$/, // the code frame's caret line
  /^\s*(?:Error:\s*)?expect\(.*\)(?:\.\w+)+\(.*\)/, // matcher hint: "expect(received).toBe(expected) // Object.is equality"
  /^\s*Add a timeout value to this test to increase the timeout/, // advice aimed at test authors
];

export function summarizeFailure(message: string, testName = ''): FailureSummary {
  const lines = failureLines(message);
  const inline = expectedReceived(lines, testName);
  return {
    lines: capLines(lines).map((line) => truncate(line, MAX_LINE_LENGTH)),
    ...(inline ? { inline } : {}),
  };
}

/** Every line of the message that says why the test failed, none shortened: what a learner reads in full. */
export function failureLines(message: string): string[] {
  return collapseBlankLines(
    toPlainText(message)
      .split('\n')
      .filter((line) => !NOISE.some((noise) => noise.test(line)))
      .map((line) => unwrapJestThrown(line.replace(/^Error: /, '')).trimEnd()),
  );
}

/** jest reports a timeout as `thrown: "Exceeded timeout of 5000 ms for a test.` — keep the sentence. */
function unwrapJestThrown(line: string): string {
  const match = /^thrown: "(.*?)"?$/.exec(line);
  return match ? match[1] : line;
}

function collapseBlankLines(lines: string[]): string[] {
  const kept = lines.filter((line, i) => line.trim() !== '' || (i > 0 && lines[i - 1].trim() !== ''));
  while (kept.length > 0 && kept[kept.length - 1].trim() === '') kept.pop();
  while (kept.length > 0 && kept[0].trim() === '') kept.shift();
  return kept;
}

function capLines(lines: string[]): string[] {
  if (lines.length <= MAX_LINES) return lines;
  const hidden = lines.length - (MAX_LINES - 1);
  return [...lines.slice(0, MAX_LINES - 1), `… ${hidden} more lines`];
}

/** A test named "rejects … with 401" failing on Expected: 401 / Received: 200 only needs "got 200". */
function expectedReceived(lines: string[], testName: string): string | undefined {
  if (lines.length !== 2) return undefined;
  const expected = /^\s*Expected:\s+(.+)$/.exec(lines[0])?.[1];
  const received = /^\s*Received:\s+(.+)$/.exec(lines[1])?.[1];
  if (expected === undefined || received === undefined) return undefined;
  const shortExpected = truncate(expected, 60);
  const shortReceived = truncate(received, 60);
  return testName.includes(expected)
    ? `got ${shortReceived}`
    : `expected ${shortExpected}, got ${shortReceived}`;
}
