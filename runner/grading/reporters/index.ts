import type { GradeResult } from '../result';
import { formatGradescope } from './gradescope';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatTerminal, type TerminalReportOptions } from './terminal';

export { formatTerminal, type TerminalReportOptions } from './terminal';
export { formatJson } from './json';
export { formatJunit } from './junit';
export {
  formatGradescope,
  gradescopeResults,
  type GradescopeResults,
  type GradescopeTest,
} from './gradescope';
export { withholdHiddenMessages } from './hidden-tests';

import { REPORT_FORMATS, type ReportFormat } from './report-formats';
export { REPORT_FORMATS, type ReportFormat };

/** The terminal report's options; `showHidden` (hidden tests' messages, for instructors) applies to every format. */
export type ReportOptions = Partial<TerminalReportOptions>;

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The result in the chosen format, ready to print or write to a file. */
export function formatResult(result: GradeResult, format: ReportFormat, opts: ReportOptions = {}): string {
  switch (format) {
    case 'terminal':
      return formatTerminal(result, { ...opts, color: opts.color ?? false });
    case 'json':
      return formatJson(result, { showHidden: opts.showHidden });
    case 'junit':
      return formatJunit(result, { showHidden: opts.showHidden });
    case 'gradescope':
      return formatGradescope(result);
  }
}
