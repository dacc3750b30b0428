import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { errorMessage, InfraError } from '../common/errors';
import type { Mount } from '../docker/docker-client';
import { locateHostNode } from '../docker/images/host-node';

const CONTAINER_CA_PATH = '/etc/backlab/host-ca-bundle.crt';

export interface HostTrust {
  mounts: Mount[];
  env: Record<string, string>;
}

/**
 * The CA bundle the host trusts (TLS-intercepting proxies, corporate CAs), handed to dependency
 * installs: the registry gateway only tunnels TLS, so npm in the install container checks the
 * certificates itself (pip too: PIP_CERT; Composer's CA lookup reads SSL_CERT_FILE). Credentials in the user's .npmrc are deliberately not passed: install
 * scripts of learners' dependencies run there.
 */
export function hostTrust(env: NodeJS.ProcessEnv = process.env): HostTrust {
  const bundle = [
    env.NODE_EXTRA_CA_CERTS,
    env.npm_config_cafile,
    env.SSL_CERT_FILE,
    '/etc/ssl/certs/ca-certificates.crt',
  ].find((path): path is string => !!path && existsSync(path));
  if (!bundle) return { mounts: [], env: {} };
  return {
    mounts: [{ type: 'bind', source: bundle, target: CONTAINER_CA_PATH, readOnly: true }],
    env: {
      NODE_EXTRA_CA_CERTS: CONTAINER_CA_PATH,
      npm_config_cafile: CONTAINER_CA_PATH,
      PIP_CERT: CONTAINER_CA_PATH,
      SSL_CERT_FILE: CONTAINER_CA_PATH,
    },
  };
}

/** The host's own proxy, through which the registry gateway goes out (as npm on the host would). */
export interface HostProxy {
  /** For CONNECT (https registries). */
  https?: string;
  /** For plain-HTTP registries. */
  http?: string;
  noProxy?: string;
}

export function hostProxy(env: NodeJS.ProcessEnv = process.env): HostProxy {
  const first = (...names: string[]) => names.map((name) => env[name]).find((value) => !!value);
  // npm's own order: https-proxy falls back to the plain proxy, which falls back to HTTP_PROXY.
  const http = first('npm_config_proxy', 'HTTP_PROXY', 'http_proxy');
  const https = first('npm_config_https_proxy', 'HTTPS_PROXY', 'https_proxy') ?? http;
  const noProxy = first('npm_config_noproxy', 'NO_PROXY', 'no_proxy');
  return { ...(https ? { https } : {}), ...(http ? { http } : {}), ...(noProxy ? { noProxy } : {}) };
}

let configured: Promise<URL> | undefined;

/**
 * The package registry npm on the host uses: npm_config_registry, else `npm config get registry`
 * (the user's .npmrc, or npm's default). Read once per process: it is the one host the install
 * stage may reach, and asking npm costs a few hundred milliseconds.
 */
export function hostRegistry(env: NodeJS.ProcessEnv = process.env): Promise<URL> {
  if (env !== process.env) return readRegistry(env);
  configured ??= readRegistry(env);
  // A failed read (npm missing) is not kept: the next grade asks again.
  configured.catch(() => (configured = undefined));
  return configured;
}

async function readRegistry(env: NodeJS.ProcessEnv): Promise<URL> {
  const fromEnv = env.npm_config_registry ?? env.NPM_CONFIG_REGISTRY;
  let text = fromEnv;
  if (!text) {
    const npm = join(locateHostNode().npmFolder, 'bin', 'npm-cli.js');
    const run = promisify(execFile);
    try {
      text = (await run(process.execPath, [npm, 'config', 'get', 'registry'], { env, timeout: 30_000 }))
        .stdout;
    } catch (err) {
      throw new InfraError(
        `could not read npm's registry setting: ${errorMessage(err)}`,
        'Check that `npm config get registry` works for the user running backlab.',
      );
    }
  }
  try {
    const url = new URL(text.trim());
    if (url.protocol === 'https:' || url.protocol === 'http:') return url;
  } catch {
    // reported below
  }
  throw new InfraError(
    `npm's registry setting ${JSON.stringify(text.trim())} is not an http(s) URL`,
    'Fix the `registry` setting in your .npmrc or npm_config_registry.',
  );
}
