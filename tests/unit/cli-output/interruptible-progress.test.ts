import { InterruptibleProgress } from '../../../runner/cli/output/interruptible-progress';
import { createTerminalProgress } from '../../../runner/cli/output/terminal-progress';
import { recordingProgress } from '../../support/progress';
import { fakeStream } from './fake-stream';
import { screenOf } from './terminal-screen';

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-02T10:00:00Z') }));
afterEach(() => jest.useRealTimers());

describe('the progress of an interrupted command', () => {
  it('ends the running steps as interrupted and drops what the engine reports after', () => {
    const display = recordingProgress();
    const progress = new InterruptibleProgress(display);
    const done = progress.step('Installing dependencies');
    done.succeed('reused');
    const running = progress.step('Stage 1/6  Register new users');
    running.update('3 tests');

    const shutdown = progress.interrupt();
    running.fail('0/0 tests');
    progress.step('Stage 2/6  Log in').succeed();
    progress.step('Removing containers').succeed('0 containers, 0 networks, 0 volumes');
    progress.warn('the app stopped');
    shutdown.step('Removing containers').succeed('3 containers, 1 network, 1 volume');

    expect(display.lines).toEqual([
      'start Installing dependencies',
      'ok Installing dependencies: reused',
      'start Stage 1/6  Register new users',
      'update Stage 1/6  Register new users: 3 tests',
      'fail Stage 1/6  Register new users: interrupted',
      'start Removing containers',
      'ok Removing containers: 3 containers, 1 network, 1 volume',
    ]);
  });

  it('on a terminal leaves no spinner running, and the notice stays above the next one', () => {
    const out = fakeStream(true, 80);
    const progress = new InterruptibleProgress(createTerminalProgress({ stream: out, color: false }));
    progress.step('Stage 1/6  Register new users');
    jest.advanceTimersByTime(160);
    // The terminal echoes Ctrl-C where the cursor is, below the spinner.
    out.write('^C');

    const shutdown = progress.interrupt();
    expect(jest.getTimerCount()).toBe(0);
    shutdown.warn('Interrupted: removing containers (press Ctrl-C again to skip)…');
    const removing = shutdown.step('Removing containers');
    jest.advanceTimersByTime(160);
    removing.succeed('3 containers, 1 network, 1 volume');

    expect(jest.getTimerCount()).toBe(0);
    expect(screenOf(out.text())).toEqual([
      '✘ Stage 1/6  Register new users  interrupted',
      '⚠ Interrupted: removing containers (press Ctrl-C again to skip)…',
      expect.stringMatching(/^✔ Removing containers {2}3 containers, 1 network, 1 volume {2}160 ms$/),
    ]);
  });
});
