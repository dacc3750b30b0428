import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  baseImageSources,
  hostDebianMirrors,
  parseDeb822Sources,
  parseOneLineSources,
  pickDebianMirrors,
} from '../../../runner/docker/images/apt-sources';
import { UserError } from '../../../runner/common/errors';

const DEB822 = `Types: deb
# a comment between fields
URIs: http://mirror.example.test/debian/
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example.test/debian-security
Suites: bookworm-security
Components: main
`;

const THIRD_PARTY = `Types: deb
URIs: https://packages.vendor.test/node_20.x
Suites: nodistro
Components: main
`;

describe('parseDeb822Sources', () => {
  it('reads URIs and suites of every deb stanza', () => {
    expect(parseDeb822Sources(DEB822)).toEqual([
      { uris: ['http://mirror.example.test/debian/'], suites: ['bookworm', 'bookworm-updates'] },
      { uris: ['http://mirror.example.test/debian-security'], suites: ['bookworm-security'] },
    ]);
  });

  it('skips deb-src and disabled stanzas', () => {
    const text = `Types: deb-src\nURIs: http://a.test/debian\nSuites: bookworm\n\nTypes: deb\nEnabled: no\nURIs: http://b.test/debian\nSuites: bookworm\n`;
    expect(parseDeb822Sources(text)).toEqual([]);
  });
});

describe('parseOneLineSources', () => {
  it('reads deb lines with options and ignores comments and deb-src', () => {
    const text = [
      '# deb http://old.test/debian bookworm main',
      'deb [arch=amd64 signed-by=/k.gpg] http://mirror.example.test/debian bookworm main',
      'deb-src http://mirror.example.test/debian bookworm main',
      'deb http://mirror.example.test/debian-security bookworm-security main # security',
    ].join('\n');
    expect(parseOneLineSources(text)).toEqual([
      { uris: ['http://mirror.example.test/debian'], suites: ['bookworm'] },
      { uris: ['http://mirror.example.test/debian-security'], suites: ['bookworm-security'] },
    ]);
  });
});

describe('pickDebianMirrors', () => {
  it('picks the source serving the release and its security archive, never a third-party one', () => {
    const sources = [...parseDeb822Sources(THIRD_PARTY), ...parseDeb822Sources(DEB822)];
    expect(pickDebianMirrors(sources, 'bookworm')).toEqual({
      archive: 'http://mirror.example.test/debian',
      security: 'http://mirror.example.test/debian-security',
    });
  });

  it('falls back to a Debian archive of another release', () => {
    const sources = [{ uris: ['http://mirror.example.test/debian'], suites: ['trixie'] }];
    expect(pickDebianMirrors(sources, 'bookworm')).toEqual({ archive: 'http://mirror.example.test/debian' });
  });

  it('finds nothing when only third-party sources exist', () => {
    expect(pickDebianMirrors(parseDeb822Sources(THIRD_PARTY), 'bookworm')).toBeUndefined();
  });
});

describe('hostDebianMirrors', () => {
  let aptDir: string;
  beforeEach(async () => {
    aptDir = await mkdtemp(join(tmpdir(), 'backlab-apt-test-'));
    await mkdir(join(aptDir, 'sources.list.d'));
  });
  afterEach(async () => {
    await rm(aptDir, { recursive: true, force: true });
  });

  it('reads *.sources files', async () => {
    await writeFile(join(aptDir, 'sources.list.d', 'vendor.sources'), THIRD_PARTY);
    await writeFile(join(aptDir, 'sources.list.d', 'debian.sources'), DEB822);
    await expect(hostDebianMirrors('bookworm', aptDir)).resolves.toEqual({
      archive: 'http://mirror.example.test/debian',
      security: 'http://mirror.example.test/debian-security',
    });
  });

  it('reads sources.list when there are no *.sources files', async () => {
    await writeFile(join(aptDir, 'sources.list'), 'deb http://other.example.test/debian bookworm main\n');
    await expect(hostDebianMirrors('bookworm', aptDir)).resolves.toEqual({
      archive: 'http://other.example.test/debian',
    });
  });

  it('fails with a UserError naming where it looked when no mirror is configured', async () => {
    await writeFile(join(aptDir, 'sources.list.d', 'vendor.sources'), THIRD_PARTY);
    const failure = hostDebianMirrors('bookworm', aptDir);
    await expect(failure).rejects.toBeInstanceOf(UserError);
    await expect(failure).rejects.toThrow(join(aptDir, 'sources.list'));
  });
});

describe('baseImageSources', () => {
  it('writes the archive with updates, and security when known, in deb822 format', () => {
    const text = baseImageSources(
      {
        archive: 'http://mirror.example.test/debian',
        security: 'http://mirror.example.test/debian-security',
      },
      'bookworm',
    );
    expect(parseDeb822Sources(text)).toEqual([
      { uris: ['http://mirror.example.test/debian'], suites: ['bookworm', 'bookworm-updates'] },
      { uris: ['http://mirror.example.test/debian-security'], suites: ['bookworm-security'] },
    ]);
  });
});
