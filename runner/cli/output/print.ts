import pc from 'picocolors';
import { BacklabError, errorMessage, UserError } from '../../common/errors';
import { stripAnsi } from '../../common/plain-text';
import { shouldUseColor } from './color';
import type { OutputStream } from './output-stream';

export const BUG_REPORT_HINT =
  'this is a bug in backlab; please report it with the output of `backlab doctor --json`';

export interface ErrorFormatOptions {
  color?: boolean;
  /** Add the stack of an unexpected error (for bug reports). */
  stack?: boolean;
}

/**
 * An error as a person should read it: a BacklabError is something to act on (message and the
 * next step); anything else is a bug in backlab and says how to report it.
 */
export function formatError(err: unknown, opts: ErrorFormatOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const lines = [c.red(`✘ ${errorMessage(err)}`)];
  if (err instanceof BacklabError) {
    if (err.hint) lines.push(`  ${c.cyan(`→ ${err.hint}`)}`);
  } else {
    lines.push(`  ${c.dim(BUG_REPORT_HINT)}`);
    if (opts.stack && err instanceof Error && err.stack) {
      lines.push(
        ...err.stack
          .split('\n')
          .slice(1)
          .map((frame) => c.dim(`  ${frame.trim()}`)),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

export function printError(err: unknown, opts: ErrorFormatOptions & { stream?: OutputStream } = {}): void {
  const stream = opts.stream ?? process.stderr;
  stream.write(formatError(err, { ...opts, color: opts.color ?? shouldUseColor(stream.isTTY === true) }));
}

/**
 * The same error as the one JSON document a `--json` caller reads on stdout: `kind` says whether
 * the person can act on it (user), the machine could not do the work (infrastructure), or it is
 * a bug in backlab.
 */
export function errorDocument(err: unknown): { error: { kind: string; message: string; hint: string } } {
  const kind = err instanceof UserError ? 'user' : err instanceof BacklabError ? 'infrastructure' : 'bug';
  const hint = err instanceof BacklabError ? (err.hint ?? '') : BUG_REPORT_HINT;
  return { error: { kind, message: stripAnsi(errorMessage(err)), hint } };
}

export interface TableOptions {
  /** Column titles, printed bold above the rows. */
  header?: readonly string[];
  /** Columns to right-align (numbers); the rest are left-aligned. */
  alignRight?: readonly number[];
  indent?: number;
  color?: boolean;
}

/** Rows in aligned columns, two spaces apart; cells may already contain colors. */
export function formatTable(rows: readonly (readonly string[])[], opts: TableOptions = {}): string {
  const c = pc.createColors(opts.color ?? false);
  const all = opts.header ? [opts.header, ...rows] : rows;
  if (all.length === 0) return '';
  const columns = Math.max(...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, i) =>
    Math.max(...all.map((row) => visibleLength(row[i] ?? ''))),
  );
  const indent = ' '.repeat(opts.indent ?? 0);
  const render = (row: readonly string[]) =>
    indent +
    widths
      .map((width, i) => {
        const cell = row[i] ?? '';
        const padding = ' '.repeat(width - visibleLength(cell));
        return opts.alignRight?.includes(i) ? padding + cell : cell + padding;
      })
      .join('  ')
      .trimEnd();
  const lines = rows.map(render);
  if (opts.header) lines.unshift(c.bold(render(opts.header)));
  return `${lines.join('\n')}\n`;
}

export function printTable(
  rows: readonly (readonly string[])[],
  opts: TableOptions & { stream?: OutputStream } = {},
): void {
  const stream = opts.stream ?? process.stdout;
  stream.write(formatTable(rows, { ...opts, color: opts.color ?? shouldUseColor(stream.isTTY === true) }));
}

function visibleLength(text: string): number {
  return stripAnsi(text).length;
}
