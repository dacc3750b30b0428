import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  APP_LOG_MAX_BYTES,
  APP_LOG_MAX_LINE,
  APP_LOG_TAIL_BYTES,
  CappedLog,
} from '../../../runner/grading/capped-log';
import { tempFolders } from '../../support/temp-folders';

const folders = tempFolders('backlab-log-');

async function logOf(lines: string[]): Promise<string> {
  const path = join(await folders.make(), 'app.log');
  const log = new CappedLog(path);
  for (const line of lines) log.write(line);
  await log.end();
  return readFile(path, 'utf8');
}

describe('CappedLog', () => {
  it('keeps plain text: no escape sequences or control bytes reach the report', async () => {
    expect(await logOf(['\u001b[31mred\u001b[0m \u0001\u0002ok'])).toBe('red ok\n');
  });

  it('cuts one huge line and says how long it was', async () => {
    const text = await logOf(['x'.repeat(APP_LOG_MAX_LINE * 3)]);
    expect(text).toMatch(
      new RegExp(`^x{${APP_LOG_MAX_LINE}} … \\(line cut: ${APP_LOG_MAX_LINE * 3} characters\\)\\n$`),
    );
  });

  it('keeps its first and last lines within its cap, with one line that says how much was left out', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `${String(i).padStart(4, '0')} ${'y'.repeat(995)}`);
    const text = await logOf([...lines, 'Error: the crash trace comes last']);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(APP_LOG_MAX_BYTES);
    const kept = text.trimEnd().split('\n');
    expect(kept[0]).toBe(lines[0]);
    expect(kept.at(-1)).toBe('Error: the crash trace comes last');
    const note = kept.findIndex((l) => l.startsWith('…'));
    const [, left, mib] = /^… \((\d+) lines, ([\d.]+) MiB, left out: app\.log keeps at most 2 MiB/.exec(
      kept[note],
    )!;
    // Every line is either on disk or counted as left out.
    expect(kept.length - 1 + Number(left)).toBe(lines.length + 1);
    expect(Number(mib)).toBeCloseTo((Number(left) * 1001) / 1024 ** 2, 1);
    expect(kept[note - 1]).toBe(lines[note - 1]);
    expect(kept.slice(note + 1, -1)).toEqual(lines.slice(-(kept.length - note - 2)));
    expect(Buffer.byteLength(kept.slice(note + 1).join('\n'))).toBeLessThanOrEqual(APP_LOG_TAIL_BYTES);
  });

  it('stays linear and bounded under a flood of short lines', async () => {
    const started = Date.now();
    const text = await logOf(Array.from({ length: 500_000 }, (_, i) => `x${i}`));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(APP_LOG_MAX_BYTES);
    expect(text.trimEnd().split('\n').at(-1)).toBe('x499999');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('ignores lines written after it was ended', async () => {
    const path = join(await folders.make(), 'app.log');
    const log = new CappedLog(path);
    log.write('before');
    await log.end();
    log.write('after');
    await log.end();
    expect(await readFile(path, 'utf8')).toBe('before\n');
  });
});
