/**
 * Docker's log streams of containers without a TTY: frames of an 8-byte header (stream type, then
 * payload size) and the payload.
 */
import type { LogLine } from './docker-client';

/** The text of a log fetched whole (stdout and stderr interleaved). */
export function demuxBuffer(buffer: Buffer): string {
  const parts: string[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size).toString('utf8'));
    offset += 8 + size;
  }
  return parts.join('');
}

/** Docker's "since" (seconds.nanoseconds) for a LogLine's time, which carries nanoseconds. */
export function dockerSince(time: string): string | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{9})Z$/.exec(time);
  return match ? `${Date.parse(`${match[1]}Z`) / 1000}.${match[2]}` : undefined;
}

/**
 * Lines of a followed, timestamped, multiplexed log. Each frame is one log entry, "<time> <text>";
 * Docker cuts lines over 16 KiB into several entries, which are joined again here. Frames of
 * stream 3 are Docker's own errors ("Error grabbing logs"), not the container's output.
 */
export class TimedLines {
  private pending: Buffer = Buffer.alloc(0);
  private partial: Buffer[] = [];
  private time = '';

  constructor(private readonly onLine: (line: LogLine) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) return;
      if (this.pending[0] !== 3) this.entry(this.pending.subarray(8, 8 + size));
      this.pending = this.pending.subarray(8 + size);
    }
  }

  /** The end of a last line that had no newline. */
  flush(): void {
    if (this.partial.length) this.emit(Buffer.alloc(0));
  }

  private entry(payload: Buffer): void {
    const space = payload.indexOf(0x20);
    this.time = payload.subarray(0, space).toString();
    let text = payload.subarray(space + 1);
    for (let end = text.indexOf(0x0a); end >= 0; end = text.indexOf(0x0a)) {
      this.emit(text.subarray(0, end));
      text = text.subarray(end + 1);
    }
    if (text.length) this.partial.push(text);
  }

  private emit(end: Buffer): void {
    const text = Buffer.concat([...this.partial, end]).toString('utf8');
    this.partial = [];
    this.onLine({ text, time: this.time });
  }
}
