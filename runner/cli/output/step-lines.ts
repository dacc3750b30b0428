import type pc from 'picocolors';
import { toPlainText } from '../../grading/reporters/plain-text';
import { formatDuration } from '../../common/units';

export type Colors = ReturnType<typeof pc.createColors>;

/** How steps and messages look once written, the same on a TTY and in CI logs. */
export function succeededLine(c: Colors, title: string, detail: string | undefined, ms: number): string {
  const parts = [`${c.green('✔')} ${title}`, ...(detail ? [detail] : []), c.dim(formatDuration(ms))];
  return parts.join('  ');
}

export function failedLine(c: Colors, title: string, detail: string | undefined): string {
  return `${c.red('✘')} ${title}${detail ? `  ${detail}` : ''}`;
}

export function infoLine(message: string): string {
  return `  ${message}`;
}

export function warnLine(c: Colors, message: string): string {
  return c.yellow(`⚠ ${message}`);
}

/** A detail from a build or install log as one clean line: its last non-empty line, no escapes. */
export function cleanDetail(detail: string): string {
  const lines = toPlainText(detail)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines[lines.length - 1] ?? '';
}
