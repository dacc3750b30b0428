import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serveFaultProxy } from '../../../runner/authoring/faults/fault-proxy-server';
import type { FaultStats } from '../../../runner/authoring/faults/fault-proxy-protocol';
import type { ProxyMode } from '../../../runner/authoring/faults/http-faults';

/** The proxy in this process, in front of a small app on 127.0.0.1: what passes, what changes, what is counted. */

let upstream: Server;
let upstreamUrl: URL;
const received: string[] = [];
const workDir = mkdtempSync(path.join(tmpdir(), 'backlab-fault-proxy-'));
const running: Server[] = [];

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} host=${req.headers.host} ${body}`);
      if (req.url === '/private')
        return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"log in"}');
      if (req.url === '/login')
        return void res
          .writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['sid=abc; HttpOnly'] })
          .end('{"ok":true}');
      res
        .writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: 1, echo: body }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = new URL(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
});

afterAll(async () => {
  await Promise.all([upstream, ...running].map((s) => new Promise((resolve) => s.close(resolve))));
  rmSync(workDir, { recursive: true, force: true });
});

async function proxy(fault: ProxyMode): Promise<{ url: string; stats: () => FaultStats }> {
  const statsFile = path.join(workDir, `${fault}.json`);
  const [server] = await serveFaultProxy({
    fault,
    routes: [{ port: 0, upstream: upstreamUrl }],
    statsFile,
    host: '127.0.0.1',
  });
  running.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => JSON.parse(readFileSync(statsFile, 'utf8')),
  };
}

describe('fault proxy server', () => {
  test('writes its statistics file as soon as it listens', async () => {
    const { stats } = await proxy('not-found-as-ok');
    expect(stats()).toEqual({ fault: 'not-found-as-ok', requests: 0, applied: 0 });
  });

  test('forwards method, path, body and the Host as sent, and counts a fault only when it changes something', async () => {
    const { url, stats } = await proxy('denied-as-ok');
    const post = await fetch(`${url}/notes?x=1`, {
      method: 'POST',
      body: 'hello',
      headers: { 'content-type': 'text/plain' },
    });
    expect(post.status).toBe(201);
    expect(await post.json()).toEqual({ id: 1, echo: 'hello' });
    expect(received).toContain(`POST /notes?x=1 host=${new URL(url).host} hello`);
    expect(stats()).toMatchObject({ requests: 1, applied: 0 });

    const denied = await fetch(`${url}/private`);
    expect(denied.status).toBe(200);
    expect(await denied.json()).toEqual({ error: 'log in' });
    expect(stats()).toMatchObject({ requests: 2, applied: 1 });
  });

  test('changes nothing in pass-through mode, and counts nothing', async () => {
    const { url, stats } = await proxy('pass-through');
    const res = await fetch(`${url}/login`);
    expect(res.headers.get('set-cookie')).toBe('sid=abc; HttpOnly');
    const denied = await fetch(`${url}/private`);
    expect(denied.status).toBe(401);
    expect(stats()).toMatchObject({ requests: 2, applied: 0 });
  });

  test('removes Set-Cookie under cookie-removed', async () => {
    const { url, stats } = await proxy('cookie-removed');
    const res = await fetch(`${url}/login`);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.json()).toEqual({ ok: true });
    expect(stats().applied).toBe(1);
  });

  test('answers writes itself under write-not-forwarded: the app never sees them', async () => {
    const { url, stats } = await proxy('write-not-forwarded');
    const before = received.length;
    const res = await fetch(`${url}/notes`, {
      method: 'POST',
      body: JSON.stringify({ title: 't' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ title: 't' });
    expect(received.length).toBe(before);
    expect(stats().applied).toBe(1);
  });

  test('answers 502 naming the upstream when it does not answer', async () => {
    const statsFile = path.join(workDir, 'dead.json');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = new URL(`http://127.0.0.1:${(closed.address() as AddressInfo).port}`);
    await new Promise((resolve) => closed.close(resolve));
    const [server] = await serveFaultProxy({
      fault: 'json-field-dropped',
      routes: [{ port: 0, upstream: deadUrl }],
      statsFile,
      host: '127.0.0.1',
    });
    running.push(server);
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(res.status).toBe(502);
    expect(await res.text()).toContain(`${deadUrl.host} did not answer`);
  });
});
