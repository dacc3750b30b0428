/** Turning captured program output (test messages, app logs) into plain text fit for any report. */
/* eslint-disable no-control-regex -- these patterns exist to find control characters */

// CSI sequences (colors, cursor moves), OSC sequences (titles, links) and two-byte escapes.
const ANSI_SEQUENCE =
  /\u001B\][^\u0007\u001B]*(?:\u0007|\u001B\\)|[\u001B\u009B]\[[0-?]*[ -/]*[@-~]|\u001B[@-Z\\-_]/g;

// Control characters other than tab and newline: they garble terminals and are invalid in XML.
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_SEQUENCE, '');
}

/**
 * Plain text as a terminal would have shown it: no escape sequences, no control characters, and a
 * line rewritten with carriage returns (progress bars) reduced to its final state.
 */
export function toPlainText(text: string): string {
  return stripAnsi(text)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => line.slice(line.lastIndexOf('\r') + 1).replace(CONTROL_CHARACTER, ''))
    .join('\n');
}

/** The last `count` lines of a text, ignoring trailing blank lines. */
export function lastLines(text: string, count: number): string[] {
  const lines = text.replace(/\s+$/, '').split('\n');
  if (lines.length === 1 && lines[0] === '') return [];
  return lines.slice(-count);
}
