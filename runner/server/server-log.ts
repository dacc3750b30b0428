/** Server logs: one JSON object per line on stderr, easy to read and to ship to a log system. */
export interface ServerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function jsonLinesLog(
  write: (line: string) => void = (line) => process.stderr.write(line),
): ServerLog {
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) =>
      write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLog: ServerLog = { info() {}, warn() {}, error() {} };
