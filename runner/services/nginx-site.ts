import { readFile, stat } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import { archiveDirectory, archiveFiles } from '../docker/archive';

/** nginx includes every *.conf here inside its http { } block (see docker/nginx/nginx.conf). */
export const CONF_DIR = '/etc/nginx/conf.d';

/** nginx's built-in document root, the folder tutorials copy sites into. */
export const STATIC_ROOT = '/usr/share/nginx/html';

/** The image's default site, replaced when a lab brings its own configuration. */
const DEFAULT_SITE = 'default.conf';

export interface SiteArchive {
  /** Folder in the container the tar is extracted into. */
  target: string;
  tar: Buffer;
}

/**
 * Where a configuration file lives in the container. It keeps its own name (so nginx's messages
 * name "nginx.conf", not "default.conf"); a name without ".conf" gets it, or nginx would not
 * include the file.
 */
export function containerConfigPath(configFile: string): string {
  const name = basename(configFile);
  return posix.join(CONF_DIR, name.endsWith('.conf') ? name : `${name}.conf`);
}

/**
 * The tars that turn the image's default site into the lab's: the configuration in place of the
 * default site, and the static files in the document root. A missing static folder copies
 * nothing: the tests then report the missing pages.
 */
export async function siteArchives(opts: {
  configFile?: string;
  staticDir?: string;
}): Promise<SiteArchive[]> {
  const archives: SiteArchive[] = [];
  if (opts.configFile) {
    const name = posix.basename(containerConfigPath(opts.configFile));
    const files = [{ name, content: await readFile(opts.configFile) }];
    // An empty default.conf rather than none: nginx needs no default site, but must not keep the image's.
    if (name !== DEFAULT_SITE)
      files.push({ name: DEFAULT_SITE, content: Buffer.from('# replaced by the lab\n') });
    archives.push({ target: CONF_DIR, tar: await archiveFiles(files) });
  }
  if (opts.staticDir && (await isFolder(opts.staticDir))) {
    const { tar } = await archiveDirectory(opts.staticDir, { uid: 0, gid: 0 });
    archives.push({ target: STATIC_ROOT, tar });
  }
  return archives;
}

async function isFolder(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
