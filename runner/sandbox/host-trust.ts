import { existsSync } from 'node:fs';
import type { Mount } from '../docker/docker-client';

const CONTAINER_CA_PATH = '/etc/backlab/host-ca-bundle.crt';
const PROXY_VARIABLES = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
const NPM_VARIABLES = [
  'npm_config_registry',
  'npm_config_proxy',
  'npm_config_https_proxy',
  'npm_config_noproxy',
];

export interface HostTrust {
  mounts: Mount[];
  env: Record<string, string>;
}

/**
 * The host's way out to the package registry: its CA bundle (TLS-intercepting proxies, corporate
 * CAs) and its proxy and registry settings, handed to dependency installs. Credentials in the
 * user's .npmrc are deliberately not passed: install scripts of learners' dependencies run there.
 */
export function hostTrust(env: NodeJS.ProcessEnv = process.env): HostTrust {
  const bundle = [
    env.NODE_EXTRA_CA_CERTS,
    env.npm_config_cafile,
    env.SSL_CERT_FILE,
    '/etc/ssl/certs/ca-certificates.crt',
  ].find((path): path is string => !!path && existsSync(path));
  const passed: Record<string, string> = {};
  for (const name of [...PROXY_VARIABLES, ...NPM_VARIABLES]) {
    const value = env[name];
    if (value) passed[name] = value;
  }
  if (!bundle) return { mounts: [], env: passed };
  return {
    mounts: [{ type: 'bind', source: bundle, target: CONTAINER_CA_PATH, readOnly: true }],
    env: { ...passed, NODE_EXTRA_CA_CERTS: CONTAINER_CA_PATH, npm_config_cafile: CONTAINER_CA_PATH },
  };
}
