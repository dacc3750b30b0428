import type { OutputStream } from '../../../runner/cli/output/output-stream';

/** A stream that records what was written to it. */
export function fakeStream(
  isTTY: boolean,
  columns?: number,
): OutputStream & { chunks: string[]; text(): string } {
  const chunks: string[] = [];
  return {
    chunks,
    isTTY,
    columns,
    write(text: string) {
      chunks.push(text);
      return true;
    },
    text: () => chunks.join(''),
  };
}
