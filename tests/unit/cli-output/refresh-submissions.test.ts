import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { refreshSubmissions } from '../../../runner/cli/remote/refresh-submissions';
import type { SubmissionRecord } from '../../../runner/cli/remote/submission-records';

/** What `backlab status` does with a server that takes connections and never answers. */
let server: Server;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const record = (id: string): SubmissionRecord => ({
  id,
  server: url,
  lab: 'complete-lab',
  submittedAt: '2026-03-02T10:00:00.000Z',
  status: 'queued',
  seenAt: '2026-03-02T10:00:00.000Z',
});

describe('refreshing the state of submissions', () => {
  it('gives up on a server that does not answer in time, names it once and keeps the last state', async () => {
    const started = Date.now();
    const refreshed = await refreshSubmissions([record('s-1'), record('s-2')], 'blt_token', 300);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(refreshed.unreachable).toEqual([
      { server: url, error: `could not reach ${url} (no answer within 300 ms)` },
    ]);
    expect(refreshed.records.map((r) => [r.id, r.status, r.fresh])).toEqual([
      ['s-1', 'queued', false],
      ['s-2', 'queued', false],
    ]);
  });

  it('asks nothing without a token, and says how to give one', async () => {
    const refreshed = await refreshSubmissions([record('s-1')], undefined);
    expect(refreshed.unreachable).toEqual([
      { server: url, error: 'no token to ask the server with (pass --token or set BACKLAB_TOKEN)' },
    ]);
    expect(sockets).toHaveLength(2);
  });
});
