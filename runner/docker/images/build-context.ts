import { copyFile, cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { create } from 'tar';
import { listFolderFiles } from './content-key';
import type { HostNode } from './host-node';
import { runCommand } from './run-command';

export interface BuildContext {
  /** The build context as a tar stream, for DockerClient.buildImage. */
  tar: Readable;
  /** Removes any staging folder; call once the build has finished. */
  cleanup(): Promise<void>;
}

/**
 * The build context of a Dockerfile folder. With `hostNode`, the folder is staged in a temporary
 * copy that also holds the host's node binary (as `node`), npm package folder (as `npm`) and
 * Node's C headers (as `node-include/node`, when the install has them).
 */
export async function createBuildContext(
  folder: string,
  hostNode?: HostNode,
  hostNpmInstall?: { subfolder: string; onLine: (line: string) => void },
): Promise<BuildContext> {
  if (!hostNode) {
    return { tar: packFolder(folder, await listFolderFiles(folder)), cleanup: async () => {} };
  }
  const staging = await mkdtemp(join(tmpdir(), 'backlab-context-'));
  try {
    await cp(folder, staging, { recursive: true, filter: (source) => basename(source) !== 'node_modules' });
    await copyFile(hostNode.binary, join(staging, 'node'));
    await cp(hostNode.npmFolder, join(staging, 'npm'), { recursive: true, verbatimSymlinks: true });
    // Always present (maybe empty) so the Dockerfile's COPY works for installs without headers.
    await mkdir(join(staging, 'node-include'));
    if (hostNode.headersFolder) {
      await cp(hostNode.headersFolder, join(staging, 'node-include', 'node'), { recursive: true });
    }
    if (hostNpmInstall) {
      const npmCli = join(hostNode.npmFolder, 'bin', 'npm-cli.js');
      const prefix = join(staging, hostNpmInstall.subfolder);
      await runCommand(
        hostNode.binary,
        [npmCli, 'ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--prefix', prefix],
        hostNpmInstall.onLine,
      );
    }
    const entries = (await readdir(staging)).sort();
    return {
      tar: packFolder(staging, entries),
      cleanup: () => rm(staging, { recursive: true, force: true }),
    };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

function packFolder(cwd: string, entries: string[]): Readable {
  // portable: no owner names or timestamps of this machine in the context.
  return Readable.from(create({ cwd, portable: true }, entries));
}
