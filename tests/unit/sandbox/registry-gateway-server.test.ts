import { once } from 'node:events';
import { createServer as createHttpServer, request, type Server as HttpServer } from 'node:http';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { serveGateway } from '../../../runner/sandbox/registry-gateway-server';
import type { GatewayConfig } from '../../../runner/sandbox/registry-gateway-policy';

/** Everything here listens and connects on 127.0.0.1 only. */
const servers: Array<Server | HttpServer> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen<T extends Server | HttpServer>(server: T): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A TCP server that answers every chunk with "echo:" and the chunk. */
async function echoServer(): Promise<number> {
  return listen(createServer((socket) => socket.on('data', (d) => socket.write(`echo:${d}`))));
}

async function gateway(
  config: Partial<GatewayConfig> & { registry: URL },
  log: string[] = [],
): Promise<number> {
  const server = await serveGateway({
    config: { noProxy: [], fileHosts: [], ...config },
    host: '127.0.0.1',
    port: 0,
    log: (l) => log.push(l),
  });
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

/** Sends a raw CONNECT; resolves with the answer's status line and body, and the open tunnel. */
function rawConnect(port: number, target: string): Promise<{ head: string; body: string; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`);
  return new Promise((resolve, reject) => {
    let received = '';
    const settle = () => {
      socket.off('data', onData);
      const [head, ...body] = received.split('\r\n\r\n');
      resolve({ head: head.split('\r\n')[0], body: body.join('\r\n\r\n'), socket });
    };
    const onData = (chunk: Buffer) => {
      received += String(chunk);
      // A tunnel stays open after its 200; any other answer ends with the connection.
      if (received.startsWith('HTTP/1.1 200') && received.includes('\r\n\r\n')) settle();
    };
    socket.on('data', onData).once('end', settle).once('error', reject);
  });
}

async function roundTrip(socket: Socket, text: string): Promise<string> {
  socket.write(text);
  const [chunk] = await once(socket, 'data');
  socket.destroy();
  return String(chunk);
}

describe('the registry gateway (node:http CONNECT proxy)', () => {
  it('tunnels to the registry and refuses anything else with 403 and a reason line', async () => {
    const registryPort = await echoServer();
    const log: string[] = [];
    const port = await gateway({ registry: new URL(`https://127.0.0.1:${registryPort}/`) }, log);

    const allowed = await rawConnect(port, `127.0.0.1:${registryPort}`);
    expect(allowed.head).toBe('HTTP/1.1 200 Connection Established');
    expect(await roundTrip(allowed.socket, 'hello')).toBe('echo:hello');

    const refused = await rawConnect(port, 'downloads.example.invalid:443');
    refused.socket.destroy();
    expect(refused.head).toBe('HTTP/1.1 403 Not the package registry');
    expect(refused.body).toBe(
      `CONNECT downloads.example.invalid:443: the install stage of grading reaches only the package registry (127.0.0.1:${registryPort})\n`,
    );
    expect(log).toEqual([
      expect.stringMatching(/^registry gateway: refused downloads\.example\.invalid \(CONNECT/),
    ]);
  });

  it('answers 502 naming the cause when the registry does not accept the connection', async () => {
    const closed = await echoServer();
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const port = await gateway({ registry: new URL(`https://127.0.0.1:${closed}/`) });
    const answer = await rawConnect(port, `127.0.0.1:${closed}`);
    answer.socket.destroy();
    expect(answer.head).toBe('HTTP/1.1 502 Bad Gateway');
    expect(answer.body).toBe(`127.0.0.1:${closed}: ECONNREFUSED\n`);
  });

  it("chains its CONNECT through the host's proxy, with the proxy's credentials", async () => {
    const seen: string[] = [];
    const upstream = createServer((socket) => {
      socket.once('data', (d) => {
        seen.push(...String(d).split('\r\n').filter(Boolean));
        socket.write('HTTP/1.1 200 Connection established\r\n\r\n');
        socket.on('data', (more) => socket.write(`upstream:${more}`));
      });
    });
    const upstreamPort = await listen(upstream);
    const port = await gateway({
      // Never resolved here: the (fake) upstream proxy is the one that would connect.
      registry: new URL('https://registry.example.test/'),
      httpsProxy: new URL(`http://user:p%40ss@127.0.0.1:${upstreamPort}`),
    });
    const tunnel = await rawConnect(port, 'registry.example.test:443');
    expect(tunnel.head).toBe('HTTP/1.1 200 Connection Established');
    expect(await roundTrip(tunnel.socket, 'hi')).toBe('upstream:hi');
    expect(seen[0]).toBe('CONNECT registry.example.test:443 HTTP/1.1');
    expect(seen).toContain(`Proxy-Authorization: Basic ${Buffer.from('user:p@ss').toString('base64')}`);
  });

  it("reports the host's proxy refusing the tunnel as 502, naming the proxy", async () => {
    const upstream = createServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n')),
    );
    const upstreamPort = await listen(upstream);
    const port = await gateway({
      registry: new URL('https://registry.example.test/'),
      httpsProxy: new URL(`http://127.0.0.1:${upstreamPort}`),
    });
    const answer = await rawConnect(port, 'registry.example.test:443');
    answer.socket.destroy();
    expect(answer.head).toBe('HTTP/1.1 502 Bad Gateway');
    expect(answer.body).toBe(
      `the proxy 127.0.0.1:${upstreamPort} answered 407 to CONNECT registry.example.test:443\n`,
    );
  });

  it('forwards plain-HTTP requests to an http registry, directly or through the proxy', async () => {
    const registry = createHttpServer((req, res) => res.end(`registry saw ${req.url}`));
    const registryPort = await listen(registry);
    const upstream = createHttpServer((req, res) => res.end(`proxy saw ${req.url}`));
    const upstreamPort = await listen(upstream);
    const url = `http://127.0.0.1:${registryPort}/ms`;
    const get = (gatewayPort: number, path: string) =>
      new Promise<{ status?: number; body: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port: gatewayPort, path }, (res) => {
          let body = '';
          res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode, body }));
        })
          .on('error', reject)
          .end();
      });
    const direct = await gateway({ registry: new URL(`http://127.0.0.1:${registryPort}/`) });
    expect(await get(direct, url)).toEqual({ status: 200, body: 'registry saw /ms' });
    expect(await get(direct, 'http://elsewhere.example.invalid/x')).toMatchObject({ status: 403 });
    const chained = await gateway({
      registry: new URL(`http://127.0.0.1:${registryPort}/`),
      httpProxy: new URL(`http://127.0.0.1:${upstreamPort}`),
    });
    expect(await get(chained, url)).toEqual({ status: 200, body: `proxy saw ${url}` });
  });
});
