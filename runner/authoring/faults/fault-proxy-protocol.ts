/**
 * What the host side and the fault proxy container agree on: the environment variables that
 * configure the proxy and the statistics file it keeps. Node built-ins only (runs in the container).
 */

export const FAULT_PROXY_ENV = {
  /** Id of the fault to inject. */
  fault: 'BACKLAB_FAULT',
  /** "8001=http://app:3000,8002=http://nginx:80": a listening port per upstream. */
  routes: 'BACKLAB_FAULT_ROUTES',
  /** File the proxy rewrites after every request with a FaultStats document. */
  stats: 'BACKLAB_FAULT_STATS',
} as const;

export interface FaultStats {
  fault: string;
  /** Requests the proxy received. */
  requests: number;
  /** Times the fault changed a request or an answer. */
  applied: number;
}

export interface FaultRoute {
  port: number;
  upstream: URL;
}

export function formatRoutes(routes: readonly FaultRoute[]): string {
  return routes.map((r) => `${r.port}=${r.upstream.origin}`).join(',');
}

export function parseRoutes(text: string): FaultRoute[] {
  return text
    .split(',')
    .filter(Boolean)
    .map((entry) => {
      const [port, upstream] = entry.split('=');
      return { port: Number(port), upstream: new URL(upstream) };
    });
}
