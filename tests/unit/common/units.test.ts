import {
  formatDuration,
  parseDuration,
  parseSize,
  plural,
  removedCounts,
} from '../../../runner/common/units';
import { ShutdownHooks } from '../../../runner/common/shutdown';
import { pollUntil, withTimeout } from '../../../runner/common/poll';

describe('units', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5m', 90_000],
    ['2h', 7_200_000],
    ['30', undefined],
    ['ten seconds', undefined],
  ])('parseDuration(%p) is %p', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['64k', 65536],
    ['100', 100],
    ['lots', undefined],
  ])('parseSize(%p) is %p', (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it('formats durations for people', () => {
    expect([formatDuration(800), formatDuration(1234), formatDuration(75_000)]).toEqual([
      '800 ms',
      '1.2 s',
      '1 min 15 s',
    ]);
  });
});

describe('pollUntil and withTimeout', () => {
  it('names the subject and the limit when time runs out', async () => {
    await expect(
      pollUntil(async () => undefined, { timeoutMs: 50, intervalMs: 10, describe: 'nginx did not answer' }),
    ).rejects.toThrow('nginx did not answer after 50 ms');
  });

  it('returns the first defined value', async () => {
    let calls = 0;
    expect(
      await pollUntil(async () => (++calls === 3 ? 'ok' : undefined), {
        timeoutMs: 1000,
        intervalMs: 1,
        describe: 'x',
      }),
    ).toBe('ok');
  });

  it('gives undefined when the promise is too slow', async () => {
    expect(await withTimeout(new Promise((r) => setTimeout(() => r('late'), 200)), 10)).toBeUndefined();
    expect(await withTimeout(Promise.resolve('fast'), 100)).toBe('fast');
  });
});

describe('ShutdownHooks', () => {
  it('runs every registered hook once, reports failures, and skips unregistered ones', async () => {
    const hooks = new ShutdownHooks();
    const ran: string[] = [];
    hooks.add(async () => void ran.push('a'));
    const remove = hooks.add(async () => void ran.push('b'));
    hooks.add(async () => {
      throw new Error('stuck');
    });
    remove();
    const errors: unknown[] = [];
    await hooks.runAll((e) => errors.push(e));
    await hooks.runAll((e) => errors.push(e));
    expect(ran).toEqual(['a']);
    expect(errors).toHaveLength(1);
  });
});

describe('plural and removedCounts', () => {
  it('counts in words a person would write', () => {
    expect(plural(1, 'container')).toBe('1 container');
    expect(plural(0, 'network')).toBe('0 networks');
    expect(removedCounts({ containers: 3, networks: 1, volumes: 0 })).toBe(
      '3 containers, 1 network, 0 volumes',
    );
  });
});
