import type { LogLine } from '../../../runner/docker/docker-client';
import { dockerSince, TimedLines } from '../../../runner/docker/log-stream';

const T1 = '2026-11-21T09:30:00.120000000Z';
const T2 = '2026-11-21T09:30:01.000000007Z';

function frame(stream: number, payload: string | Buffer): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

function linesOf(chunks: Buffer[]): LogLine[] {
  const lines: LogLine[] = [];
  const reader = new TimedLines((line) => lines.push(line));
  for (const chunk of chunks) reader.push(chunk);
  reader.flush();
  return lines;
}

describe('TimedLines', () => {
  it('gives each line the time Docker logged it, across chunks cut anywhere', () => {
    const stream = Buffer.concat([frame(1, `${T1} one\n`), frame(2, `${T2} two\nthree\n`)]);
    const cuts = [stream.subarray(0, 3), stream.subarray(3, 20), stream.subarray(20)];
    expect(linesOf(cuts)).toEqual([
      { text: 'one', time: T1 },
      { text: 'two', time: T2 },
      { text: 'three', time: T2 },
    ]);
  });

  it("joins the entries Docker cut a long line into, even inside a character, and skips Docker's own errors", () => {
    const text = Buffer.from('é'.repeat(10));
    const lines = linesOf([
      frame(1, Buffer.concat([Buffer.from(`${T1} `), text.subarray(0, 7)])),
      frame(3, 'Error grabbing logs: no such file or directory\n'),
      frame(1, Buffer.concat([Buffer.from(`${T2} `), text.subarray(7), Buffer.from('\n')])),
      frame(1, `${T2} no newline at the end`),
    ]);
    expect(lines).toEqual([
      { text: 'é'.repeat(10), time: T2 },
      { text: 'no newline at the end', time: T2 },
    ]);
  });
});

describe('dockerSince', () => {
  it('turns a line time into the seconds.nanoseconds Docker takes', () => {
    expect(dockerSince(T2)).toBe(`${Date.parse('2026-11-21T09:30:01Z') / 1000}.000000007`);
    expect(dockerSince('yesterday')).toBeUndefined();
  });
});
