/**
 * What the registry gateway lets through: the one package registry the host's npm uses, over
 * CONNECT (https) or plain HTTP (an http registry), optionally through the host's own proxy.
 * Pure functions, shared by the gateway (registry-gateway-server.ts) and its starter.
 */

/** Environment of the gateway container. */
export const GATEWAY_ENV = {
  registry: 'BACKLAB_GATEWAY_REGISTRY',
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
    httpsProxy: proxy(GATEWAY_ENV.httpsProxy),
    httpProxy: proxy(GATEWAY_ENV.httpProxy),
    noProxy: (env[GATEWAY_ENV.noProxy] ?? '')
      .split(/[\s,]+/)
      .map((entry) =>
        entry
          .replace(/:\d+$/, '')
          .replace(/^\*?\./, '')
          .toLowerCase(),
      )
      .filter(Boolean),
  };
}

export type Decision = { allowed: true } | { allowed: false; host: string; reason: string };

/** A CONNECT target ("host:port") is allowed when it is the registry's host at its TLS port. */
export function decideConnect(target: string, config: GatewayConfig): Decision {
  const parsed = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target);
  const { registry } = config;
  const tlsPort = registry.protocol === 'https:' ? Number(registry.port || 443) : 443;
  if (parsed && sameHost(parsed[1], registry) && Number(parsed[2]) === tlsPort) return { allowed: true };
  return refuse(parsed?.[1] ?? target, `CONNECT ${target}`, `${registry.hostname}:${tlsPort}`);
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
