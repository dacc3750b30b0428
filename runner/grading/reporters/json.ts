import type { GradeResult } from '../result';
import { withholdHiddenMessages } from './hidden-tests';

export interface JsonReportOptions {
  /** Keep hidden tests' messages (instructors); by default they are left out. */
  showHidden?: boolean;
}

/** The result document itself, pretty-printed: what `--json` prints alone on stdout. */
export function formatJson(result: GradeResult, opts: JsonReportOptions = {}): string {
  const shown = opts.showHidden ? result : withholdHiddenMessages(result);
  return `${JSON.stringify(shown, null, 2)}\n`;
}
