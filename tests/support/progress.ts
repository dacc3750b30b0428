import type { Progress } from '../../runner/common/progress';

/** A Progress that remembers what it was told, for assertions on what a person would see. */
export function recordingProgress(): Progress & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    step(title) {
      lines.push(`start ${title}`);
      return {
        update: (d) => lines.push(`update ${title}: ${d}`),
        succeed: (d) => lines.push(`ok ${title}${d ? `: ${d}` : ''}`),
        fail: (d) => lines.push(`fail ${title}${d ? `: ${d}` : ''}`),
      };
    },
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
  };
}
