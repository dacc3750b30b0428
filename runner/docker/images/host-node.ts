import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../common/errors';

/** The Node.js installation running backlab, which the node image copies. */
export interface HostNode {
  /** The `node` executable. */
  binary: string;
  /** The npm package folder (the one holding bin/npm-cli.js). */
  npmFolder: string;
  npmVersion: string;
  /**
   * `<prefix>/include/node` of the same install, when it ships its headers: node-gyp builds native
   * modules (bcrypt…) against them instead of downloading them, which a grading sandbox cannot.
   */
  headersFolder?: string;
}

/**
 * Finds npm next to the running node: `<prefix>/lib/node_modules/npm` on Unix installs
 * (prefix = the folder above bin/), `<prefix>/node_modules/npm` on Windows-style layouts.
 */
export function locateHostNode(execPath: string = process.execPath): HostNode {
  const binDir = dirname(execPath);
  const candidates = [
    join(dirname(binDir), 'lib', 'node_modules', 'npm'),
    join(binDir, 'node_modules', 'npm'),
  ];
  for (const folder of candidates) {
    const version = npmVersionAt(folder);
    if (version && existsSync(join(folder, 'bin', 'npm-cli.js'))) {
      const headers = join(dirname(binDir), 'include', 'node');
      const headersFolder = existsSync(join(headers, 'node_version.h')) ? headers : undefined;
      return {
        binary: execPath,
        npmFolder: folder,
        npmVersion: version,
        ...(headersFolder ? { headersFolder } : {}),
      };
    }
  }
  throw new UserError(
    `Could not find npm beside ${execPath} (looked in ${candidates.join(' and ')}); the node image copies both.`,
    'Run backlab with a Node.js installation that includes npm (the official installers and packages do).',
  );
}

function npmVersionAt(folder: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
    };
    return manifest.name === 'npm' ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}
