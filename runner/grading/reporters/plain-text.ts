/** Text helpers of the reporters; the generic ones live in runner/common/plain-text.ts. */
import { toPlainText } from '../../common/plain-text';

export { lastLines, stripAnsi, toPlainText } from '../../common/plain-text';

/** Points as people write them: 20, 6.67 (never 6.666666666666667). */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

export function truncate(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, Math.max(0, maxLength - 1))}…`;
}

/** A message or title on one line: a row or a hint must not break the report's layout. */
export function oneLine(text: string): string {
  return toPlainText(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
