import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_LOG_MAX_BYTES, APP_LOG_MAX_LINE, CappedLog } from '../../../runner/grading/capped-log';

async function logOf(lines: string[]): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'backlab-log-')), 'app.log');
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

  it('stops at its cap with one line that says so, however much more comes', async () => {
    const line = 'y'.repeat(1000);
    const text = await logOf(Array.from({ length: 5000 }, () => line));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(APP_LOG_MAX_BYTES + 200);
    expect(text.trimEnd().split('\n').pop()).toMatch(
      /^… \(app\.log stopped at 2 MiB; the app printed more\)$/,
    );
  });
});
