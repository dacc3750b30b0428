import type pc from 'picocolors';

export interface TerminalReportOptions {
  color: boolean;
  /** Show hidden tests' messages too (instructors checking a lab); learners never see them. */
  showHidden?: boolean;
  /** Where the full app log was saved; named on the score line. */
  logPath?: string;
  /** Every stage; by default the stages up to and including the first one that does not pass. */
  all?: boolean;
  /** Every failed test's message in full; by default only the first one of a stage. */
  verbose?: boolean;
  /** Columns to wrap to, the terminal's width; DEFAULT_WIDTH when unknown (pipes, CI logs). */
  width?: number;
  /** The command that printed the report (`backlab test`): the report names it where it says how to see more. */
  command?: string;
  /** The lab's stages in order: they number the stages of a partial run and name the next one. */
  labStages?: ReadonlyArray<{ id: string; title: string }>;
}

export type Colors = ReturnType<typeof pc.createColors>;

export const INDENT = '  ';
/** Under a stage's row: its failed tests and hints, with room to wrap whole sentences. */
export const DETAIL_INDENT = '    ';
export const DEFAULT_WIDTH = 100;
/** Narrower than this, wrapped text would be a column of single words. */
const MIN_WIDTH = 60;

export function widthOf(opts: TerminalReportOptions): number {
  return Math.max(MIN_WIDTH, opts.width ?? DEFAULT_WIDTH);
}

/** `backlab test --all`, or just `--all` when the caller did not say which command printed the report. */
export function commandWith(opts: TerminalReportOptions, args: string): string {
  return `\`${opts.command ? `${opts.command} ${args}` : args}\``;
}
