import { createTerminalProgress } from '../../../runner/cli/output/terminal-progress';
import { stripAnsi } from '../../../runner/grading/reporters/plain-text';
import { fakeStream } from './fake-stream';

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-02T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

describe('progress without a TTY (CI logs, pipes)', () => {
  it('writes one line when a step starts and one when it ends, with its duration', () => {
    const out = fakeStream(false);
    const step = createTerminalProgress({ stream: out, color: false }).step('Building backlab/mariadb');
    jest.advanceTimersByTime(1800);
    step.succeed('backlab/mariadb:1');
    expect(out.text()).toBe(
      '▸ Building backlab/mariadb…\n✔ Building backlab/mariadb  backlab/mariadb:1  1.8 s\n',
    );
  });

  it('writes at most one update line per interval, each the latest last line of output', () => {
    const out = fakeStream(false);
    const step = createTerminalProgress({ stream: out, color: false, updateIntervalMs: 5000 }).step(
      'Installing',
    );
    for (let i = 1; i <= 120; i++) {
      jest.advanceTimersByTime(100);
      step.update(`added ${i} packages\n`);
    }
    step.fail('npm ci exited with code 1');
    expect(out.text()).toBe(
      [
        '▸ Installing…',
        '  Installing… added 50 packages',
        '  Installing… added 100 packages',
        '✘ Installing  npm ci exited with code 1',
        '',
      ].join('\n'),
    );
  });

  it('writes no control codes, even for colored build output', () => {
    const out = fakeStream(false);
    const progress = createTerminalProgress({ stream: out, color: false, updateIntervalMs: 0 });
    const step = progress.step('Building');
    step.update('\u001b[1m\u001b[34mStep 2/5\u001b[0m : RUN apt-get update\r\n');
    progress.warn('base image is 40 days old');
    progress.info('Next: backlab test');
    step.succeed();
    const controlCodes = [...out.text()].filter((ch) => (ch < ' ' && ch !== '\n') || ch === '\u007f');
    expect(controlCodes).toEqual([]);
    expect(out.chunks).toEqual([
      '▸ Building…\n',
      '  Building… Step 2/5 : RUN apt-get update\n',
      '⚠ base image is 40 days old\n',
      '  Next: backlab test\n',
      '✔ Building  0 ms\n',
    ]);
  });

  it('ignores calls on a step that has finished', () => {
    const out = fakeStream(false);
    const step = createTerminalProgress({ stream: out, color: false, updateIntervalMs: 0 }).step(
      'Starting MySQL',
    );
    step.fail('port in use');
    step.update('late line');
    step.succeed();
    expect(out.chunks).toEqual(['▸ Starting MySQL…\n', '✘ Starting MySQL  port in use\n']);
  });
});

describe('progress on a TTY', () => {
  // Each redraw starts at the left edge (a ^C the terminal echoed leaves the cursor further right).
  const up = (lines: number) => `\r\u001b[${lines}A\u001b[0J`;
  const below = '\r\u001b[0J';

  it('redraws a spinner line in place and leaves the finished line', () => {
    const out = fakeStream(true, 50);
    const step = createTerminalProgress({ stream: out, color: false }).step('Building backlab/mariadb');
    step.update('Step 3/9 : RUN apt-get install -y mariadb-server nginx\n');
    jest.advanceTimersByTime(80);
    step.succeed();
    expect(out.chunks).toEqual([
      `${below}⠋ Building backlab/mariadb…\n`,
      `${up(1)}⠋ Building backlab/mariadb… Step 3/9 : RUN apt-g…\n`,
      `${up(1)}⠙ Building backlab/mariadb… Step 3/9 : RUN apt-g…\n`,
      `${up(1)}✔ Building backlab/mariadb  80 ms\n`,
    ]);
    // A spinner line that wrapped would leave a stale row behind on the next redraw.
    const rows = stripAnsi(out.text()).replace(/\r/g, '').split('\n');
    expect(Math.max(...rows.map((row) => row.length))).toBe(49);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps concurrent steps on their own lines', () => {
    const out = fakeStream(true, 80);
    const progress = createTerminalProgress({ stream: out, color: false });
    const mysql = progress.step('Starting MySQL');
    const mongo = progress.step('Starting MongoDB');
    mysql.succeed('127.0.0.1:49321');
    expect(out.chunks.at(-1)).toBe(`${up(2)}✔ Starting MySQL  127.0.0.1:49321  0 ms\n⠋ Starting MongoDB…\n`);
    mongo.succeed();
    expect(out.chunks.at(-1)).toBe(`${up(1)}✔ Starting MongoDB  0 ms\n`);
    expect(jest.getTimerCount()).toBe(0);
  });
});
