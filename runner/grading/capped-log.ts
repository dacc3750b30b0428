import { createWriteStream, type WriteStream } from 'node:fs';
import { toPlainText } from '../common/plain-text';

/** The host copy of an app's log is capped like the container's own log. */
export const APP_LOG_MAX_BYTES = 2 * 1024 ** 2;
/** One line longer than this is cut: a single huge line must not fill the report. */
export const APP_LOG_MAX_LINE = 4096;

/**
 * app.log on the host: plain text (no escape or control characters), each line capped, the whole
 * file capped, and a last line that says so once the cap is reached.
 */
export class CappedLog {
  private readonly out: WriteStream;
  private written = 0;
  private full = false;

  constructor(path: string) {
    this.out = createWriteStream(path, { flags: 'a' });
  }

  write(line: string): void {
    if (this.full) return;
    let text = toPlainText(line);
    if (text.length > APP_LOG_MAX_LINE) {
      text = `${text.slice(0, APP_LOG_MAX_LINE)} … (line cut: ${text.length} characters)`;
    }
    const bytes = Buffer.byteLength(text) + 1;
    if (this.written + bytes > APP_LOG_MAX_BYTES) {
      this.full = true;
      this.out.write(`… (app.log stopped at ${APP_LOG_MAX_BYTES / 1024 ** 2} MiB; the app printed more)\n`);
      return;
    }
    this.written += bytes;
    this.out.write(`${text}\n`);
  }

  end(): Promise<void> {
    return new Promise((resolve) => this.out.end(resolve));
  }
}
