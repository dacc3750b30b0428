/** The part of a stream (process.stderr, or a fake in tests) that terminal output needs. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  /** Width of the terminal in characters, when it is one. */
  columns?: number;
}
