import type { DockerClient, ExecResult } from '../../../runner/docker/docker-client';
import { overLimit, watchInstall } from '../../../runner/sandbox/install-watch';

const MiB = 1024 ** 2;
const du = (rows: Array<[number, string]>) => rows.map(([mib, path]) => `${mib * 1024}\t${path}`).join('\n');

describe("the install's disk bound (du output)", () => {
  const folders = ['/app', '/deps-cache'];

  it('lets an install under the limit go on', () => {
    const stdout = du([
      [40, '/app/node_modules/express'],
      [60, '/app/node_modules'],
      [61, '/app'],
      [0, '/deps-cache'],
    ]);
    expect(overLimit(stdout, '', folders, 64 * MiB)).toBeUndefined();
  });

  it('names the folder over the limit and the narrowest folder holding most of it', () => {
    const stdout = du([
      [3, '/app/node_modules/ms'],
      [300, '/app/node_modules/junk/cache'],
      [301, '/app/node_modules/junk'],
      [305, '/app/node_modules'],
      [306, '/app'],
      [1, '/deps-cache'],
    ]);
    expect(overLimit(stdout, '', folders, 64 * MiB)).toEqual({
      folder: '/app',
      bytes: 306 * MiB,
      biggest: 'node_modules/junk/cache',
    });
    // Writing beside the cache counts as much as writing into the project.
    expect(
      overLimit(
        du([
          [1, '/app'],
          [90, '/deps-cache'],
        ]),
        '',
        folders,
        64 * MiB,
      ),
    ).toEqual({
      folder: '/deps-cache',
      bytes: 90 * MiB,
    });
  });

  it('takes folders npm removes while du walks them in its stride, but not a folder made unreadable', () => {
    const vanished = "du: cannot access '/app/node_modules/.staging/x': No such file or directory";
    expect(overLimit(du([[5, '/app']]), vanished, folders, 64 * MiB)).toBeUndefined();
    const hidden = "du: cannot read directory '/app/node_modules/junk/secret': Permission denied";
    expect(overLimit(du([[5, '/app']]), hidden, folders, 64 * MiB)).toEqual({
      folder: '/app',
      bytes: 0,
      unreadable: '/app/node_modules/junk/secret',
    });
  });
});

describe('watchInstall', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** A container whose `cat` and `du` print the next of `outputs` ([pids events, du]) each second. */
  function fakeDocker(outputs: Array<[string, string]>) {
    const stopped: string[] = [];
    let current: [string, string] = ['', ''];
    const docker = {
      exec: async (_id: string, cmd: string[]): Promise<ExecResult> => {
        if (cmd[0] === 'cat') current = outputs.shift() ?? current;
        return { exitCode: 0, stdout: cmd[0] === 'cat' ? current[0] : current[1], stderr: '' };
      },
      stopContainer: async (id: string) => void stopped.push(id),
    } as unknown as DockerClient;
    return { docker, stopped };
  }

  it('stops the container once a folder passes the limit, and notes refused forks on the way', async () => {
    const { docker, stopped } = fakeDocker([
      ['max 0', '1024\t/app'],
      ['max 12', '2048\t/app'],
      ['max 12', '99999\t/app'],
    ]);
    const watch = watchInstall(docker, 'c1', ['/app'], 50 * MiB);
    await jest.advanceTimersByTimeAsync(1000);
    expect(watch.forkRefused()).toBe(false);
    await jest.advanceTimersByTimeAsync(1000);
    expect(watch.forkRefused()).toBe(true);
    expect(watch.excess()).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1000);
    expect(watch.excess()).toMatchObject({ folder: '/app', bytes: 99999 * 1024 });
    expect(stopped).toEqual(['c1']);
    watch.stop();
  });
});
