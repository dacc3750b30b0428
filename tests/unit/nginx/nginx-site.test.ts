import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONF_DIR,
  containerConfigPath,
  siteArchives,
  STATIC_ROOT,
} from '../../../runner/services/nginx-site';
import { tarEntries } from './tar-entries';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'backlab-nginx-site-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(relative: string, content: string): string {
  const path = join(dir, relative);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

describe('containerConfigPath', () => {
  test('keeps the file name, so nginx messages name the file its author knows', () => {
    expect(containerConfigPath('/labs/x/nginx.conf')).toBe('/etc/nginx/conf.d/nginx.conf');
    expect(containerConfigPath('/labs/x/conf/site.conf')).toBe('/etc/nginx/conf.d/site.conf');
  });

  test('adds .conf when missing, or nginx would not include the file', () => {
    expect(containerConfigPath('/labs/x/proxy.nginx')).toBe('/etc/nginx/conf.d/proxy.nginx.conf');
  });
});

describe('siteArchives', () => {
  test('puts the configuration beside an emptied default site', async () => {
    const config = write('nginx.conf', 'server { listen 80; }\n');
    const archives = await siteArchives({ configFile: config });
    expect(archives.map((a) => a.target)).toEqual([CONF_DIR]);
    const files = await tarEntries(archives[0].tar);
    expect(files['nginx.conf']).toBe('server { listen 80; }\n');
    expect(files['default.conf']).toBe('# replaced by the lab\n');
  });

  test('a configuration named default.conf simply replaces the default site', async () => {
    const config = write('default.conf', 'server { listen 8080; }\n');
    const files = await tarEntries((await siteArchives({ configFile: config }))[0].tar);
    expect(files).toEqual({ 'default.conf': 'server { listen 8080; }\n' });
  });

  test('copies the static folder, sub-folders included, into the document root', async () => {
    write('public/index.html', '<h1>shop</h1>');
    write('public/assets/site.css', 'body {}');
    const archives = await siteArchives({ staticDir: join(dir, 'public') });
    expect(archives.map((a) => a.target)).toEqual([STATIC_ROOT]);
    expect(await tarEntries(archives[0].tar)).toEqual({
      'index.html': '<h1>shop</h1>',
      'assets/site.css': 'body {}',
    });
  });

  test('a missing static folder copies nothing (the tests then report the missing pages)', async () => {
    expect(await siteArchives({ staticDir: join(dir, 'public') })).toEqual([]);
  });

  test('without configuration or static files the image keeps its default site', async () => {
    expect(await siteArchives({})).toEqual([]);
  });
});
