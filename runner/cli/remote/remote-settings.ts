import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../common/errors';

/** Settings of `backlab submit --server`, from the config file: { "server": "...", "token": "..." }. */
export interface RemoteConfig {
  server?: string;
  token?: string;
}

/** $BACKLAB_CONFIG, else $XDG_CONFIG_HOME/backlab/config.json, else ~/.config/backlab/config.json. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BACKLAB_CONFIG) return env.BACKLAB_CONFIG;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'backlab', 'config.json');
}

export async function readRemoteConfig(path: string = configPath()): Promise<RemoteConfig> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    const { server, token } = parsed as Record<string, unknown>;
    return {
      ...(typeof server === 'string' ? { server } : {}),
      ...(typeof token === 'string' ? { token } : {}),
    };
  } catch (err) {
    throw new UserError(
      `${path} is not valid JSON (${(err as Error).message})`,
      'Write it as {"server": "https://…", "token": "blt_…"}.',
    );
  }
}

/** The server URL, checked: http or https, no query or fragment, no trailing slash; a path is kept. */
export function serverUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UserError(
      `--server "${text}" is not a URL`,
      'Give the address of the backlab server, e.g. --server https://grading.example.edu.',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UserError(`--server "${text}" must start with http:// or https://`);
  // API paths are added after the address's own path; a query or fragment would end up before them.
  if (url.search || url.hash)
    throw new UserError(
      `--server "${text}" has a ${url.search ? 'query (?…)' : 'fragment (#…)'}`,
      'Give only the address the server answers at, e.g. --server https://grading.example.edu/backlab.',
    );
  return url.toString().replace(/\/+$/, '');
}
