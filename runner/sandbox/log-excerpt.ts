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

/**
 * A Node crash at boot: the error line and the frames in the learner's own files, not
 * node:internal noise ("Error: Cannot find module 'expresss'" + "at Object.<anonymous> (/app/server.js:1:17)").
 */
export function nodeCrashExcerpt(output: string, max = 15): string {
  const lines = stripAnsi(output).trimEnd().split('\n');
  const kept = lines.filter(
    (l) => !/^\s+at .*(node:internal|node_modules)/.test(l) && !/^Node\.js v\d/.test(l),
  );
  return kept.slice(-max).join('\n');
}
