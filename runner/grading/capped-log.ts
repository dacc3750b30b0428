import { createWriteStream, type WriteStream } from 'node:fs';
import { toPlainText } from '../common/plain-text';

/** The host copy of an app's log is capped like the container's own log. */
export const APP_LOG_MAX_BYTES = 2 * 1024 ** 2;
/** One line longer than this is cut: a single huge line must not fill the report. */
export const APP_LOG_MAX_LINE = 4096;
/** Kept of the end once the cap is reached: a crash trace, the line that matters most, comes last. */
export const APP_LOG_TAIL_BYTES = 256 * 1024;
/** Room for the line that says what was left out. */
const NOTE_BYTES = 256;

/**
 * app.log on the host: plain text (no escape or control characters), each line capped, the whole
 * file capped. Past the cap the first lines stay on disk and the last ones are held in memory, so
 * the file ends with what the app printed last, after a line that says how much was left out.
 */
export class CappedLog {
  private readonly out: WriteStream;
  private written = 0;
  private headFull = false;
  private ended = false;
  /** Lines after the head, oldest first from `tailStart`; trimmed to APP_LOG_TAIL_BYTES. */
  private tail: string[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private dropped = { lines: 0, bytes: 0 };

  constructor(path: string) {
    this.out = createWriteStream(path, { flags: 'a' });
  }

  write(line: string): void {
    // A follower that outlived the grade (see closeLogs) must not write to a closed file.
    if (this.ended) return;
    let text = toPlainText(line);
    if (text.length > APP_LOG_MAX_LINE) {
      text = `${text.slice(0, APP_LOG_MAX_LINE)} … (line cut: ${text.length} characters)`;
    }
    text += '\n';
    const bytes = Buffer.byteLength(text);
    this.headFull ||= this.written + bytes > APP_LOG_MAX_BYTES - APP_LOG_TAIL_BYTES - NOTE_BYTES;
    if (!this.headFull) {
      this.written += bytes;
      this.out.write(text);
      return;
    }
    this.tail.push(text);
    this.tailBytes += bytes;
    while (this.tailBytes > APP_LOG_TAIL_BYTES) this.dropOldest();
  }

  end(): Promise<void> {
    if (this.ended) return Promise.resolve();
    this.ended = true;
    if (this.dropped.lines) {
      const mib = (this.dropped.bytes / 1024 ** 2).toFixed(1);
      this.out.write(
        `… (${this.dropped.lines} lines, ${mib} MiB, left out: app.log keeps at most ${APP_LOG_MAX_BYTES / 1024 ** 2} MiB, the first lines and the last)\n`,
      );
    }
    this.out.write(this.tail.slice(this.tailStart).join(''));
    return new Promise((resolve) => this.out.end(resolve));
  }

  private dropOldest(): void {
    const oldest = this.tail[this.tailStart++];
    const bytes = Buffer.byteLength(oldest);
    this.tailBytes -= bytes;
    this.dropped.lines++;
    this.dropped.bytes += bytes;
    // Compacted now and then rather than shifted per line: a flood of short lines stays linear.
    if (this.tailStart > 1024 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }
}
