/** The formats a result can be written in (`grade --format`). */
export const REPORT_FORMATS = ['terminal', 'json', 'junit', 'gradescope'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
