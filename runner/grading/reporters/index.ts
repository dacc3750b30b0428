import type { GradeResult } from '../result';
import { formatGradescope } from './gradescope';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatTerminal } from './terminal';

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

export const REPORT_FORMATS = ['terminal', 'json', 'junit', 'gradescope'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  /** Terminal only: use ANSI colors. */
  color?: boolean;
  /** Show hidden tests' messages (instructors). Gradescope always keeps them, marked after_published. */
  showHidden?: boolean;
  /** Terminal only: where the full app log was saved. */
  logPath?: string;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The result in the chosen format, ready to print or write to a file. */
export function formatResult(result: GradeResult, format: ReportFormat, opts: ReportOptions = {}): string {
  switch (format) {
    case 'terminal':
      return formatTerminal(result, {
        color: opts.color ?? false,
        showHidden: opts.showHidden,
        logPath: opts.logPath,
      });
    case 'json':
      return formatJson(result, { showHidden: opts.showHidden });
    case 'junit':
      return formatJunit(result, { showHidden: opts.showHidden });
    case 'gradescope':
      return formatGradescope(result);
  }
}
