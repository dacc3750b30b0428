import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT, type CliContext } from '../../../runner/cli/cli-context';
import { submitRemote } from '../../../runner/cli/commands/submit-remote';
import { ShutdownHooks } from '../../../runner/common/shutdown';
import { recordingProgress } from '../../support/progress';
import { learnerToken } from './api-helpers';
import { startTestServer, type TestServer } from './test-server';

/** `backlab submit --server` with a server behind a reverse proxy that serves it under a path. */
const PREFIX = '/backlab';

let ts: TestServer;
let proxy: http.Server;
let proxied: string[];
let folder: string;

/** Forwards PREFIX/… to the server as /…, and answers 404 to anything else, like nginx would. */
async function startProxy(target: string): Promise<string> {
  proxy = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(`${PREFIX}/`)) return void res.writeHead(404).end('no such location');
    proxied.push(`${req.method} ${url}`);
    const upstream = http.request(
      new URL(url.slice(PREFIX.length), target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.listen(0, '127.0.0.1');
  await once(proxy, 'listening');
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${PREFIX}`;
}

beforeEach(async () => {
  ts = await startTestServer();
  proxied = [];
  folder = await mkdtemp(join(tmpdir(), 'backlab-submit-'));
  await mkdir(join(folder, '.backlab'));
  await writeFile(
    join(folder, '.backlab', 'state.json'),
    JSON.stringify({ lab: 'complete-lab', createdAt: 'x' }),
  );
  await writeFile(join(folder, 'package.json'), '{"name":"mine"}');
});
afterEach(async () => {
  proxy.closeAllConnections();
  await new Promise((done) => proxy.close(done));
  await ts.close();
  await rm(folder, { recursive: true, force: true });
});

describe('backlab submit --server URL/with/a/path', () => {
  it('keeps the path for the upload, the live progress stream and the submission', async () => {
    const server = await startProxy(ts.url);
    const token = await learnerToken(ts, 'ada');
    ts.grader.script.push(async (job, p) => {
      p.step('Stage 2/2  Log in').succeed('3/3 tests');
      const { loadResult } = await import('../reporters/result-fixtures');
      return { kind: 'graded', result: { ...loadResult('fail'), lab: job.lab.id } };
    });
    const progress = recordingProgress();
    const out: string[] = [];
    const ctx: CliContext = {
      cwd: folder,
      labsDir: '/nonexistent',
      docker: () => Promise.reject(new Error('submit --server must not use Docker')),
      sweptOnConnect: () => undefined,
      progress,
      hooks: new ShutdownHooks(),
      out: (text) => out.push(text),
      color: false,
    };
    expect(await submitRemote(ctx, { server: `${server}/`, token, json: false })).toBe(EXIT.fail);
    expect(proxied[0]).toBe('POST /backlab/api/submissions?lab=complete-lab');
    expect(proxied.some((r) => /^GET \/backlab\/api\/submissions\/s-\w+\/events$/.test(r))).toBe(true);
    expect(proxied.some((r) => /^GET \/backlab\/api\/submissions\/s-\w+$/.test(r))).toBe(true);
    expect(progress.lines).toContain('ok Stage 2/2  Log in: 3/3 tests');
    expect(progress.lines.some((l) => l.startsWith(`info Details: ${server}/dashboard/submissions/s-`))).toBe(
      true,
    );
    expect(out.join('\n')).toContain('Register new users');
  });

  it('refuses a server address with a query or a fragment, saying what to give', async () => {
    const ctx = { cwd: folder } as CliContext;
    await expect(
      submitRemote(ctx, { server: 'http://127.0.0.1:9/backlab?x=1', token: 't', json: false }),
    ).rejects.toThrow('--server "http://127.0.0.1:9/backlab?x=1" has a query (?…)');
  });
});
