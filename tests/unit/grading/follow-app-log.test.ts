import type { DockerClient, FollowOptions, LogLine } from '../../../runner/docker/docker-client';
import { followAppLog, ROTATION_GAP_NOTE } from '../../../runner/grading/follow-app-log';

const at = (second: number): LogLine => ({
  text: `line ${second}`,
  time: `2026-01-01T00:00:${String(second).padStart(2, '0')}.000000000Z`,
});

/** What one attach does: the lines Docker delivers, then whether the stream ends or stalls. */
interface Attach {
  lines: number[];
  then: 'end' | 'stall';
  /** The container's state once this attach is over: running, stopped, or removed. */
  after: 'running' | 'stopped' | 'removed';
}

/** A Docker whose log follows play a script, recording the `since` each attach asked for. */
function scriptedDocker(script: Attach[]): { docker: DockerClient; sinces: (string | undefined)[] } {
  const sinces: (string | undefined)[] = [];
  let state: Attach['after'] = 'running';
  const docker = {
    followLogs: async (_id: string, onLine: (line: LogLine) => void, opts: FollowOptions = {}) => {
      const attach = script[sinces.length] ?? { lines: [], then: 'end', after: state };
      sinces.push(opts.since);
      for (const second of attach.lines) onLine(at(second));
      if (attach.then === 'stall' && !opts.signal?.aborted) {
        await new Promise((resolve) => opts.signal?.addEventListener('abort', resolve));
      }
      state = attach.after;
    },
    inspectContainer: async () => {
      if (state === 'removed') throw new Error('no such container');
      return { running: state === 'running' };
    },
  } as unknown as DockerClient;
  return { docker, sinces };
}

async function follow(script: Attach[]): Promise<{ written: string[]; sinces: (string | undefined)[] }> {
  const { docker, sinces } = scriptedDocker(script);
  const written: string[] = [];
  await followAppLog(docker, 'app', (text) => written.push(text)).done;
  return { written, sinces };
}

describe('followAppLog', () => {
  it('attaches again from the last line when Docker stalls after a rotation, and reads the end', async () => {
    const { written, sinces } = await follow([
      { lines: [1, 2], then: 'stall', after: 'running' },
      { lines: [2, 3, 4], then: 'end', after: 'stopped' },
      { lines: [4, 5], then: 'end', after: 'stopped' },
    ]);
    expect(written).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(sinces).toEqual([undefined, at(2).time, at(4).time]);
  });

  it('says where lines were rotated away before they could be read', async () => {
    const { written } = await follow([
      { lines: [1, 2], then: 'end', after: 'running' },
      { lines: [5, 6], then: 'end', after: 'stopped' },
      { lines: [6], then: 'end', after: 'stopped' },
    ]);
    expect(written).toEqual(['line 1', 'line 2', ROTATION_GAP_NOTE, 'line 5', 'line 6']);
  });

  it('ends once the container is removed, and when stopped', async () => {
    const removed = await follow([{ lines: [1], then: 'end', after: 'removed' }]);
    expect(removed.written).toEqual(['line 1']);
    const { docker } = scriptedDocker([{ lines: [], then: 'stall', after: 'running' }]);
    const follower = followAppLog(docker, 'app', () => undefined);
    follower.stop();
    await follower.done;
  });
});
