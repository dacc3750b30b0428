/**
 * What the registry gateway lets through: one package registry (the host's npm registry, or the
 * Python package index), over CONNECT (https) or plain HTTP (an http registry), and the hosts the
 * registry serves its files from over CONNECT (PyPI's files live on a host of their own),
 * optionally through the host's own proxy.
 * Pure functions, shared by the gateway (registry-gateway-server.ts) and its starter.
 */

/** Environment of the gateway container. */
export const GATEWAY_ENV = {
  registry: 'BACKLAB_GATEWAY_REGISTRY',
  fileHosts: 'BACKLAB_GATEWAY_FILE_HOSTS',
  listen: 'BACKLAB_GATEWAY_LISTEN',
  port: 'BACKLAB_GATEWAY_PORT',
  httpsProxy: 'BACKLAB_GATEWAY_HTTPS_PROXY',
  httpProxy: 'BACKLAB_GATEWAY_HTTP_PROXY',
  noProxy: 'BACKLAB_GATEWAY_NO_PROXY',
} as const;

/** The reason phrase of a refusal: clients print it ("403 Not the package registry - GET …"). */
export const REFUSED_STATUS = 'Not the package registry';
/** The gateway's log line for each refusal, read back by the host to name the host reached for. */
export const REFUSED_LOG = 'registry gateway: refused ';
/** Printed once the gateway listens. */
export const LISTENING_LOG = 'registry gateway: listening';

export interface GatewayConfig {
  registry: URL;
  /** Hosts the registry's files are downloaded from, reached over CONNECT at port 443. */
  fileHosts: string[];
  /** The host's proxy for CONNECT and for plain HTTP; absent: connect directly. */
  httpsProxy?: URL;
  httpProxy?: URL;
  /** NO_PROXY entries: hosts (and their subdomains) reached directly even with a proxy. */
  noProxy: string[];
}

export function gatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const registry = env[GATEWAY_ENV.registry];
  if (!registry) throw new Error(`${GATEWAY_ENV.registry} is not set`);
  const proxy = (name: string) => {
    const value = env[name];
    if (!value) return undefined;
    const url = new URL(value.includes('://') ? value : `http://${value}`);
    if (url.protocol !== 'http:')
      throw new Error(`only http:// proxies can be chained, not ${url.protocol}//`);
    return url;
  };
  return {
    registry: new URL(registry),
    fileHosts: listOf(env[GATEWAY_ENV.fileHosts]),
    httpsProxy: proxy(GATEWAY_ENV.httpsProxy),
    httpProxy: proxy(GATEWAY_ENV.httpProxy),
    noProxy: listOf(env[GATEWAY_ENV.noProxy]).map((entry) =>
      entry.replace(/:\d+$/, '').replace(/^\*?\./, ''),
    ),
  };
}

/** A comma- or space-separated list of host names, lower-cased. */
function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.toLowerCase())
    .filter(Boolean);
}

export type Decision = { allowed: true } | { allowed: false; host: string; reason: string };

/**
 * A CONNECT target ("host:port") is allowed when it is the registry's host at its TLS port, or
 * one of the registry's file hosts at 443.
 */
export function decideConnect(target: string, config: GatewayConfig): Decision {
  const parsed = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  const { registry, fileHosts } = config;
  const tlsPort = registry.protocol === 'https:' ? Number(registry.port || 443) : 443;
  if (parsed) {
    const [, host, port] = parsed;
    if (sameHost(host, registry) && Number(port) === tlsPort) return { allowed: true };
    if (fileHosts.includes(host.toLowerCase()) && Number(port) === 443) return { allowed: true };
  }
  const allowed = [`${registry.hostname}:${tlsPort}`, ...fileHosts.map((h) => `${h}:443`)].join(', ');
  return refuse(parsed?.[1] ?? target, `CONNECT ${target}`, allowed);
}

/** A plain-HTTP request (absolute URL) is allowed only to an http registry's host and port. */
export function decideRequest(method: string, url: string, config: GatewayConfig): Decision {
  const { registry } = config;
  const port = Number(registry.port || 80);
  let target: URL | undefined;
  try {
    target = new URL(url);
  } catch {
    // an origin-form path ("/x"): this is a forward proxy, not a server
  }
  const what = `${method} ${url}`;
  if (registry.protocol !== 'http:') return refuse(target?.hostname ?? url, what, `https://${registry.host}`);
  if (
    target?.protocol === 'http:' &&
    sameHost(target.hostname, registry) &&
    Number(target.port || 80) === port
  )
    return { allowed: true };
  return refuse(target?.hostname ?? url, what, `${registry.hostname}:${port}`);
}

/** The proxy to chain through for `host`, unless NO_PROXY exempts it. */
export function upstreamFor(host: string, kind: 'https' | 'http', config: GatewayConfig): URL | undefined {
  const proxy = kind === 'https' ? config.httpsProxy : config.httpProxy;
  const name = host.toLowerCase();
  const exempt = config.noProxy.some(
    (entry) => entry === '*' || name === entry || name.endsWith(`.${entry}`),
  );
  return exempt ? undefined : proxy;
}

function sameHost(host: string, registry: URL): boolean {
  return host.toLowerCase() === registry.hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

function refuse(host: string, what: string, allowed: string): Decision {
  return {
    allowed: false,
    host: host.toLowerCase(),
    reason: `${what}: the install stage of grading reaches only the package registry (${allowed})`,
  };
}
