import { spawn } from 'node:child_process';
import { quote } from 'shell-quote';

/** A program running in a pseudo-terminal, as a person at a terminal runs it. */
export interface TerminalRun {
  /** Resolves once the output so far matches `pattern`. */
  waitFor(pattern: RegExp, ms?: number): Promise<void>;
  /** Types into the terminal: '\x03' is Ctrl-C, which the terminal turns into SIGINT. */
  type(keys: string): void;
  exited: Promise<{ code: number; output: string }>;
}

/**
 * Runs `node args…` in a pseudo-terminal of `columns`, made by util-linux `script` (in every Debian
 * install: bsdutils is essential), so that the program sees a TTY on stdout and stderr.
 */
export function inTerminal(args: string[], opts: { cwd: string; columns?: number }): TerminalRun {
  const command = `stty cols ${opts.columns ?? 100} rows 50; exec ${quote([process.execPath, ...args])}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    for (const check of waiters) check();
  });
  const exited = new Promise<{ code: number; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code: code ?? -1, output })),
  );
  return {
    waitFor: (pattern, ms = 120_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms in:\n${output}`)), ms);
        const check = () => {
          if (!pattern.test(output)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        waiters.add(check);
        check();
      }),
    type: (keys) => child.stdin.write(keys),
    exited,
  };
}
