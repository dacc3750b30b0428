import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../common/errors';
import { UPSTREAM_BASE_IMAGE } from './catalog';

/** One apt source: a set of mirror URIs serving some suites. */
export interface AptSource {
  uris: string[];
  suites: string[];
}

/** Where Debian packages for one release come from. */
export interface DebianMirrors {
  /** The main archive, e.g. "http://<mirror>/debian". Also serves "<release>-updates". */
  archive: string;
  /** The security archive when the host uses one. */
  security?: string;
}

/** Parses the deb822 format of `*.sources` files (stanzas of "Field: value" separated by blank lines). */
export function parseDeb822Sources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#') || !line.trim()) continue;
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last)} ${line.trim()}`);
        continue;
      }
      const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (!match) continue;
      last = match[1].toLowerCase();
      fields.set(last, match[2].trim());
    }
    const words = (name: string) => (fields.get(name) ?? '').split(/\s+/).filter(Boolean);
    if (!words('types').includes('deb') || fields.get('enabled')?.toLowerCase() === 'no') continue;
    if (words('uris').length && words('suites').length) {
      sources.push({ uris: words('uris'), suites: words('suites') });
    }
  }
  return sources;
}

/** Parses one-line `deb [options] URI SUITE COMPONENTS...` entries (sources.list, *.list). */
export function parseOneLineSources(text: string): AptSource[] {
  const sources: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/#.*$/, '')
      .replace(/\[[^\]]*\]/, ' ')
      .trim();
    const [type, uri, suite] = line.split(/\s+/);
    if (type === 'deb' && uri && suite) sources.push({ uris: [uri], suites: [suite] });
  }
  return sources;
}

/**
 * The Debian archive for `release`: a source serving that suite; failing that, one whose URI is a
 * Debian archive path ("…/debian"). Third-party sources (serving other suites) are never picked.
 */
export function pickDebianMirrors(sources: AptSource[], release: string): DebianMirrors | undefined {
  const serving = (suite: string) => sources.find((s) => s.suites.includes(suite))?.uris[0];
  const archive = serving(release) ?? sources.flatMap((s) => s.uris).find((uri) => /\/debian\/?$/.test(uri));
  if (!archive) return undefined;
  const security = serving(`${release}-security`);
  return { archive: trimSlash(archive), ...(security ? { security: trimSlash(security) } : {}) };
}

/** Reads the host's apt sources under `aptDir` (normally /etc/apt) and picks the Debian mirrors. */
export async function hostDebianMirrors(release: string, aptDir = '/etc/apt'): Promise<DebianMirrors> {
  const sources: AptSource[] = [];
  const listDir = join(aptDir, 'sources.list.d');
  const names = (await readdir(listDir).catch(() => [] as string[])).sort();
  for (const name of names) {
    if (name.endsWith('.sources')) sources.push(...parseDeb822Sources(await readText(join(listDir, name))));
    if (name.endsWith('.list')) sources.push(...parseOneLineSources(await readText(join(listDir, name))));
  }
  sources.push(...parseOneLineSources(await readText(join(aptDir, 'sources.list'))));
  const mirrors = pickDebianMirrors(sources, release);
  if (!mirrors) {
    throw new UserError(
      `Found no Debian package mirror in ${join(listDir, '*.sources')} (URIs:) or ${join(aptDir, 'sources.list')} (deb lines); ` +
        'it is needed to build the base image.',
      `Add a Debian apt source on this machine, or load ${UPSTREAM_BASE_IMAGE} into Docker (docker load).`,
    );
  }
  return mirrors;
}

/** The apt sources written into the base image, in deb822 format. */
export function baseImageSources(mirrors: DebianMirrors, release: string): string {
  const stanza = (uri: string, suites: string[]) =>
    `Types: deb\nURIs: ${uri}\nSuites: ${suites.join(' ')}\nComponents: main\n`;
  const stanzas = [stanza(mirrors.archive, [release, `${release}-updates`])];
  if (mirrors.security) stanzas.push(stanza(mirrors.security, [`${release}-security`]));
  return stanzas.join('\n');
}

async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8').catch(() => '');
}

function trimSlash(uri: string): string {
  return uri.replace(/\/+$/, '');
}
