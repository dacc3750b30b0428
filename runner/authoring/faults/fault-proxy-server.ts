/**
 * The fault proxy: a reverse proxy that sits between the stage suites and the app (or nginx) in a
 * validation run and injects one standard fault. Started by start-fault-proxy.ts in a container of
 * the run; Node built-ins only.
 */
import { renameSync, writeFileSync } from 'node:fs';
import {
  createServer,
  request,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { FAULT_PROXY_ENV, parseRoutes, type FaultRoute, type FaultStats } from './fault-proxy-protocol';
import {
  alterResponse,
  answerWithoutApp,
  isProxyMode,
  type ProxiedResponse,
  type ProxyMode,
} from './http-faults';

/** Hop-by-hop headers, and content-length, which is recomputed for the (possibly altered) body. */
const NOT_FORWARDED = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'proxy-connection',
  'upgrade',
];

export interface FaultProxyOptions {
  fault: ProxyMode;
  routes: FaultRoute[];
  statsFile: string;
  /** Address to listen on: every interface in the container. */
  host?: string;
}

/** Listens on every route's port; resolves once all listen (and the statistics file exists). */
export async function serveFaultProxy(opts: FaultProxyOptions): Promise<Server[]> {
  const stats: FaultStats = { fault: opts.fault, requests: 0, applied: 0 };
  const save = () => {
    writeFileSync(`${opts.statsFile}.tmp`, JSON.stringify(stats));
    renameSync(`${opts.statsFile}.tmp`, opts.statsFile);
  };
  const servers = await Promise.all(
    opts.routes.map(
      (route) =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer((req, res) => {
            stats.requests++;
            handle(opts.fault, route, req, res, (applied) => {
              if (applied) stats.applied++;
              save();
            });
          });
          server.once('error', reject);
          server.listen(route.port, opts.host ?? '0.0.0.0', () => resolve(server));
        }),
    ),
  );
  // The statistics file appearing is the signal, to the host, that every port listens.
  save();
  return servers;
}

function main(): void {
  const fault = process.env[FAULT_PROXY_ENV.fault] ?? '';
  if (!isProxyMode(fault)) throw new Error(`unknown fault ${JSON.stringify(fault)}`);
  const routes = parseRoutes(process.env[FAULT_PROXY_ENV.routes] ?? '');
  const statsFile = process.env[FAULT_PROXY_ENV.stats] ?? '/tmp/fault-stats.json';
  process.on('SIGTERM', () => process.exit(0));
  serveFaultProxy({ fault, routes, statsFile }).catch((error: unknown) => {
    console.error(`fault proxy: ${String(error)}`);
    process.exit(1);
  });
}

function handle(
  fault: ProxyMode,
  route: FaultRoute,
  req: IncomingMessage,
  res: ServerResponse,
  done: (applied: boolean) => void,
): void {
  readBody(req, (body) => {
    const method = req.method ?? 'GET';
    const shortcut = answerWithoutApp(fault, { method, headers: req.headers, body });
    if (shortcut) {
      send(res, method, shortcut);
      done(true);
      return;
    }
    const upstream = request(
      {
        host: route.upstream.hostname,
        port: route.upstream.port || 80,
        method,
        path: req.url,
        // Host stays as the suite sent it: suites may compare what the app saw with the URL they were given.
        headers: { ...forwardable(req.headers), 'content-length': String(body.length) },
      },
      (answer) =>
        readBody(answer, (answerBody) => {
          const { response, applied } = alterResponse(fault, {
            status: answer.statusCode ?? 502,
            headers: answer.headers,
            body: answerBody,
          });
          send(res, method, response);
          done(applied);
        }),
    );
    upstream.on('error', (error) => {
      send(res, method, {
        status: 502,
        headers: { 'content-type': 'text/plain' },
        body: Buffer.from(`fault proxy: ${route.upstream.host} did not answer: ${error.message}`),
      });
      done(false);
    });
    upstream.end(body);
  });
}

function send(res: ServerResponse, method: string, response: ProxiedResponse): void {
  const headers = forwardable(response.headers);
  const bodyless = method === 'HEAD' || response.status === 204 || response.status === 304;
  if (!bodyless) headers['content-length'] = String(response.body.length);
  else if (response.headers['content-length'] !== undefined)
    headers['content-length'] = response.headers['content-length'];
  res.writeHead(response.status, headers);
  res.end(bodyless ? undefined : response.body);
}

function forwardable(
  headers: IncomingHttpHeaders | ProxiedResponse['headers'],
): Record<string, string | string[]> {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !NOT_FORWARDED.includes(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

function readBody(stream: IncomingMessage, then: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => then(Buffer.concat(chunks)));
  stream.on('error', () => then(Buffer.concat(chunks)));
}

if (require.main === module) main();
