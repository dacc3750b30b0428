/**
 * The registry gateway: a forward proxy that the install container, whose network has no route
 * out, uses to reach the package registry and nothing else. Started by registry-gateway.ts in a
 * container on both the install network and Docker's default bridge; Node built-ins only.
 *
 * Why not a library: `proxy` (proxy-agents) filters only by a 407 authentication hook and cannot
 * chain to an upstream proxy; `proxy-chain` brings SOCKS support and more than this needs.
 */
import { lookup } from 'node:dns/promises';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import {
  decideConnect,
  decideRequest,
  gatewayConfig,
  GATEWAY_ENV,
  LISTENING_LOG,
  REFUSED_LOG,
  REFUSED_STATUS,
  upstreamFor,
  type GatewayConfig,
} from './registry-gateway-policy';

/** A registry that does not answer within this is reported as such (504), not waited on. */
const CONNECT_TIMEOUT_MS = 15_000;

export interface GatewayOptions {
  config: GatewayConfig;
  host: string;
  port: number;
  log?: (line: string) => void;
}

export function serveGateway(opts: GatewayOptions): Promise<Server> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const server = createServer((req, res) => forwardRequest(req, res, opts.config, log));
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) =>
    tunnel(req.url ?? '', client, head, opts.config, log),
  );
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}

function tunnel(target: string, client: Socket, head: Buffer, config: GatewayConfig, log: Log): void {
  client.on('error', () => client.destroy());
  const decision = decideConnect(target, config);
  if (!decision.allowed) {
    log(`${REFUSED_LOG}${decision.host} (${decision.reason})`);
    return answer(client, 403, REFUSED_STATUS, decision.reason);
  }
  const [, host, port] = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target)!;
  const upstream = upstreamFor(host, 'https', config);
  const remote = upstream
    ? connect(Number(upstream.port || 80), upstream.hostname)
    : connect(Number(port), host);
  let established = false;
  remote.setTimeout(CONNECT_TIMEOUT_MS, () =>
    remote.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
  );
  remote.once('error', (err: NodeJS.ErrnoException) => {
    if (established) return client.destroy();
    const code = err.code ?? err.message;
    const via = upstream ? ` through the proxy ${upstream.host}` : '';
    log(`registry gateway: could not reach ${target}${via}: ${code}`);
    answer(
      client,
      code === 'ETIMEDOUT' ? 504 : 502,
      code === 'ETIMEDOUT' ? 'Gateway Timeout' : 'Bad Gateway',
      `${target}${via}: ${code}`,
    );
  });
  const open = (early: Buffer) => {
    established = true;
    remote.setTimeout(0);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (early.length) client.write(early);
    if (head.length) remote.write(head);
    remote.pipe(client);
    client.pipe(remote);
    client.once('close', () => remote.destroy());
    remote.once('close', () => client.destroy());
  };
  remote.once('connect', () => {
    if (!upstream) return open(Buffer.alloc(0));
    chainConnect(remote, target, upstream, (status, early) => {
      if (status === '200') return open(early);
      log(`registry gateway: the proxy ${upstream.host} answered ${status} to CONNECT ${target}`);
      remote.destroy();
      answer(
        client,
        502,
        'Bad Gateway',
        `the proxy ${upstream.host} answered ${status} to CONNECT ${target}`,
      );
    });
  });
}

/** Asks the host's proxy for the tunnel; `then` gets its status and any bytes after its answer. */
function chainConnect(
  remote: Socket,
  target: string,
  upstream: URL,
  then: (status: string, early: Buffer) => void,
) {
  const auth = proxyAuthorization(upstream);
  remote.write(
    `CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n${auth ? `Proxy-Authorization: ${auth}\r\n` : ''}\r\n`,
  );
  let received = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf('\r\n\r\n');
    if (end < 0) return;
    remote.off('data', onData);
    remote.pause();
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(received.toString('latin1'))?.[1] ?? 'no HTTP';
    then(status, received.subarray(end + 4));
  };
  remote.on('data', onData);
}

function proxyAuthorization(upstream: URL): string | undefined {
  if (!upstream.username) return undefined;
  const user = `${decodeURIComponent(upstream.username)}:${decodeURIComponent(upstream.password)}`;
  return `Basic ${Buffer.from(user).toString('base64')}`;
}

function forwardRequest(req: IncomingMessage, res: ServerResponse, config: GatewayConfig, log: Log): void {
  const url = req.url ?? '';
  const decision = decideRequest(req.method ?? 'GET', url, config);
  if (!decision.allowed) {
    log(`${REFUSED_LOG}${decision.host} (${decision.reason})`);
    res.writeHead(403, REFUSED_STATUS, { 'content-type': 'text/plain' }).end(`${decision.reason}\n`);
    return;
  }
  const target = new URL(url);
  const upstream = upstreamFor(target.hostname, 'http', config);
  const headers = { ...req.headers };
  delete headers['proxy-connection'];
  delete headers['proxy-authorization'];
  const auth = upstream && proxyAuthorization(upstream);
  if (auth) headers['proxy-authorization'] = auth;
  const outgoing = request(
    upstream
      ? { host: upstream.hostname, port: upstream.port || 80, path: url, method: req.method, headers }
      : {
          host: target.hostname,
          port: target.port || 80,
          path: target.pathname + target.search,
          method: req.method,
          headers,
        },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
      answer.pipe(res);
    },
  );
  outgoing.on('error', (err: NodeJS.ErrnoException) => {
    log(`registry gateway: could not reach ${target.host}: ${err.code ?? err.message}`);
    if (!res.headersSent)
      res.writeHead(502, 'Bad Gateway').end(`${target.host}: ${err.code ?? err.message}\n`);
    else res.destroy();
  });
  req.pipe(outgoing);
}

type Log = (line: string) => void;

/** A complete HTTP answer on a raw socket, then close: the client's reason line says why. */
function answer(socket: Socket, status: number, phrase: string, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${phrase}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Listens on the gateway's own address on the install network only, not on the default bridge. */
async function main(): Promise<void> {
  const config = gatewayConfig(process.env);
  const name = process.env[GATEWAY_ENV.listen] ?? '0.0.0.0';
  const { address } = await lookup(name);
  const port = Number(process.env[GATEWAY_ENV.port] ?? 3128);
  process.on('SIGTERM', () => process.exit(0));
  await serveGateway({ config, host: address, port });
  const files = config.fileHosts.length ? ` (files: ${config.fileHosts.join(', ')})` : '';
  console.log(`${LISTENING_LOG} on ${address}:${port} for ${config.registry.host}${files}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`registry gateway: ${String(error)}`);
    process.exit(1);
  });
}
