/** Trims tool output to the lines a learner needs to see. */
import { lastLines, stripAnsi } from '../common/plain-text';

export function lastLinesOf(text: string, count: number): string {
  return lastLines(stripAnsi(text), count).join('\n');
}

/** npm's failure, without its timing and log-file chatter: the error lines and gyp's reasons. */
export function npmErrorExcerpt(output: string, max = 20): string {
  const lines = stripAnsi(output).split('\n');
  const relevant = lines.filter(
    (l) =>
      /^(npm (error|ERR!)|gyp ERR!)/.test(l) &&
      !/A complete log of this run|npm error (A complete log|Log files were not written)|^npm error\s*$/.test(
        l,
      ),
  );
  return (relevant.length ? relevant : lines.filter((l) => l.trim())).slice(-max).join('\n');
}

const ERROR_LINE = /^\s*(Uncaught\s+)?([\w.$]*(Error|Exception)\b|\[?ERR_[A-Z_]+)/;

/**
 * A Node crash at boot: the error line and the frames in the learner's own files, not
 * node:internal noise ("Error: Cannot find module 'expresss'" + "at Object.<anonymous> (/app/server.js:1:17)").
 * The error line is always kept, however long the stack or require chain after it.
 */
export function nodeCrashExcerpt(output: string, max = 15): string {
  const lines = stripAnsi(output).trimEnd().split('\n');
  const kept = collapseRequireStack(
    lines.filter((l) => !/^\s+at .*(node:internal|node_modules)/.test(l) && !/^Node\.js v\d/.test(l)),
  );
  let errorAt = -1;
  for (let i = kept.length - 1; i >= 0 && errorAt < 0; i--) if (ERROR_LINE.test(kept[i])) errorAt = i;
  if (errorAt < 0 || errorAt >= kept.length - max) return kept.slice(-max).join('\n');
  // The error is older than the window: show the lines that lead to it, it, and what follows.
  const start = Math.max(0, errorAt - 4);
  return [...kept.slice(start, start + max - 1), `… (${kept.length - start - max + 1} more lines)`].join(
    '\n',
  );
}

/** "Require stack:" lists every requiring file; the first three say where it came from. */
function collapseRequireStack(lines: string[]): string[] {
  const out: string[] = [];
  let inStack = 0;
  for (const line of lines) {
    if (/^Require stack:/.test(line)) inStack = 1;
    else if (inStack && /^- /.test(line)) {
      if (inStack++ > 3) continue;
    } else inStack = 0;
    out.push(line);
  }
  return out;
}
