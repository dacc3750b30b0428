import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { InfraError } from '../common/errors';
import type { PackageSource } from './cached-install';

/** A grading machine's setting naming a package folder: its variable and what it should hold. */
export interface FolderSetting {
  name: string;
  what: string;
}

/** A setting naming an index or repository, and the folder setting to use instead for files. */
export interface UrlSetting extends FolderSetting {
  folder: string;
}

/**
 * The folder a setting names, checked: absolute, a folder, and readable by the sandbox's learner
 * account, which is neither owner nor group of the host's files. Undefined when it is not set.
 */
export async function packageFolder(
  env: NodeJS.ProcessEnv,
  setting: FolderSetting,
): Promise<string | undefined> {
  const folder = env[setting.name]?.trim();
  if (!folder) return undefined;
  const hint = `Set ${setting.name} to the absolute path of ${setting.what}.`;
  if (!isAbsolute(folder)) throw new InfraError(`${setting.name} is not an absolute path: ${folder}`, hint);
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new InfraError(`${setting.name} is not a folder: ${folder}`, hint);
  if ((info.mode & 0o005) !== 0o005) {
    throw new InfraError(
      `${setting.name} (${folder}) cannot be read by the sandbox's learner account`,
      `Let every user read and enter it: \`chmod o+rx ${folder}\`, and o+r on its files.`,
    );
  }
  return folder;
}

/** The http(s) URL a setting names; undefined when it is not set. */
export function packageIndexUrl(env: NodeJS.ProcessEnv, setting: UrlSetting): URL | undefined {
  const value = env[setting.name]?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InfraError(`${setting.name} is not a URL: ${value}`, `Set it to ${setting.what}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InfraError(
      `${setting.name} must be an http(s) URL, not ${url.protocol}//`,
      `For a folder on this machine, set ${setting.folder} to its path instead.`,
    );
  }
  // Packages' build code runs where the install does, so credentials would reach learners' apps.
  if (url.username || url.password) {
    throw new InfraError(
      `${setting.name} carries credentials, which grading does not hand to install containers: packages' build code runs there`,
      'Use an index that serves packages without credentials, such as a read-only mirror for the grading machines.',
    );
  }
  return url;
}

/**
 * The source made of an index and a folder, with its description ("the package index …", "the
 * Composer repository …"); undefined when it has neither.
 */
export function describedSource(
  index: URL | undefined,
  fileHosts: string[],
  folder: string | undefined,
  indexNoun = 'package index',
): PackageSource | undefined {
  if (!index && !folder) return undefined;
  const description = [index && `the ${indexNoun} ${index.href}`, folder && `the folder ${folder}`]
    .filter(Boolean)
    .join(' and ');
  return { index, fileHosts, folder, description };
}
