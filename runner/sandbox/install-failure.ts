import { stripAnsi } from '../common/plain-text';

/** Why an install failed, in the learner's terms, and whose failure it is. */
export interface InstallFailure {
  message: string;
  hint: string;
  /** submission: the project's own mistake; sandbox: a limit of grading; infrastructure: the machine. */
  cause: 'submission' | 'sandbox' | 'infrastructure';
}

/** The install script prints this line, then npm's configured registry, when the install fails. */
export const REGISTRY_MARKER = 'backlab: registry ';

const NETWORK_ERROR =
  /(?:getaddrinfo\s+)?\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b[\s:]*([\w.-]+\.[a-z]{2,}|[\d.]+:\d+|\[[\da-f:]+\]:\d+)?/i;
const URL_IN_LINE = /\bhttps?:\/\/([\w.-]+)(?::\d+)?[^\s'"]*/i;

/**
 * Reads npm's output: which package's script failed, whether it tried to reach a host other than
 * the registry (the grading sandbox reaches only the registry), and the lines that say why —
 * the first error lines, where the cause usually is, and the last ones.
 */
export function diagnoseInstallFailure(
  output: string,
  command: string,
  exitCode: number,
  projectDir = '/app',
  limits: InstallLimits = {},
): InstallFailure {
  const lines = stripAnsi(output).split('\n');
  const registryHost = hostOf(
    lines.find((l) => l.startsWith(REGISTRY_MARKER))?.slice(REGISTRY_MARKER.length),
  );
  const npmLines = lines.filter((l) => !l.startsWith(REGISTRY_MARKER));
  const excerpt = installExcerpt(npmLines);
  const scriptOf = lifecycleScript(npmLines, projectDir);
  const network = networkFailure(npmLines);

  const limit = limitHit(npmLines, exitCode, limits);
  if (limit) {
    return {
      message: `${command} was stopped: ${limit}:\n${excerpt}`,
      hint: 'An install or build script needed more than the grading sandbox allows: look for a script that loops, forks or writes without end, or prefer packages that ship prebuilt binaries.',
      cause: 'sandbox',
    };
  }
  if (network && network.host !== registryHost && scriptOf) {
    return {
      message: `the install script of ${scriptOf.pkg} (${scriptOf.command}) tried to reach ${network.host} (${network.code}), but the grading sandbox reaches only the npm registry:\n${excerpt}`,
      hint: `This is a limit of the grading sandbox, not a mistake in your code. Use a version of ${scriptOf.pkg} that installs from the npm registry alone (many ship prebuilt binaries inside the package), or an alternative written in JavaScript.`,
      cause: 'sandbox',
    };
  }
  if (network && (network.host === registryHost || !scriptOf)) {
    return {
      message: `${command} could not download packages: ${network.host ?? 'the registry'} did not answer (${network.code}):\n${excerpt}`,
      hint: 'This is a problem of the machine or its network, not of your code: try again later, or run `backlab doctor`.',
      cause: 'infrastructure',
    };
  }
  return {
    message: `${command} failed (exit code ${exitCode}):\n${excerpt}`,
    hint: submissionHint(npmLines, command),
    cause: 'submission',
  };
}

export interface InstallLimits {
  memoryBytes?: number;
  pids?: number;
}

/** Which limit of the install stage the output shows was hit, stated with its value. */
function limitHit(lines: string[], exitCode: number, limits: InstallLimits): string | undefined {
  const text = lines.join('\n');
  const mb = limits.memoryBytes
    ? `; the install's memory limit is ${Math.round(limits.memoryBytes / 1024 ** 2)} MB`
    : '';
  if (exitCode === 137) return `it ran out of memory (exit code 137${mb})`;
  if (/Resource temporarily unavailable|\bEAGAIN\b.*spawn|fork: retry|Cannot fork/i.test(text)) {
    return `it reached the install's limit of ${limits.pids ?? 'its'} processes`;
  }
  if (/\bENOSPC\b|No space left on device/.test(text)) return 'it ran out of disk space in the sandbox';
  return undefined;
}

function submissionHint(lines: string[], command: string): string {
  const text = lines.join('\n');
  if (/can only install packages when your package\.json and package-lock\.json[\s\S]*in sync/i.test(text)) {
    return 'package-lock.json does not match package.json: run `npm install` in your folder and submit the updated package-lock.json.';
  }
  if (/\bE404\b|404 Not Found/.test(text)) {
    return 'A dependency in package.json does not exist on the npm registry: check its name and version.';
  }
  if (/\bETARGET\b/.test(text))
    return 'No version of a dependency matches its range in package.json: check the version.';
  if (/\bERESOLVE\b/.test(text)) {
    return 'Two dependencies want incompatible versions of a third: align their versions (npm explains which above).';
  }
  return `Run \`${command}\` in your folder and fix the first error it shows.`;
}

/** The package whose install script failed: npm prints its path and command. */
function lifecycleScript(lines: string[], projectDir: string): { pkg: string; command: string } | undefined {
  const path = lines.map((l) => /^npm (?:error|ERR!) path (\S+)/.exec(l)?.[1]).find(Boolean);
  const command = lines.map((l) => /^npm (?:error|ERR!) command sh -c (.+)$/.exec(l)?.[1]).find(Boolean);
  if (!path || !command) return undefined;
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/?$/.exec(path);
  // A local dependency (file:vendor/x) runs from its own folder, not from node_modules.
  const pkg = inModules
    ? inModules[1]
    : path.replace(/\/$/, '') === projectDir
      ? 'your project'
      : path.split('/').pop()!;
  return { pkg, command: command.trim() };
}

function networkFailure(lines: string[]): { code: string; host?: string } | undefined {
  let first: { code: string; host?: string } | undefined;
  for (const [index, line] of lines.entries()) {
    const match = NETWORK_ERROR.exec(line);
    if (!match) continue;
    const host = hostOf(match[2]) ?? URL_IN_LINE.exec(line)?.[1] ?? nearbyUrlHost(lines, index);
    // "npm error code ENOTFOUND" names no host; a later line usually does.
    if (host) return { code: match[1].toUpperCase(), host: host.toLowerCase() };
    first ??= { code: match[1].toUpperCase() };
  }
  return first;
}

function nearbyUrlHost(lines: string[], index: number): string | undefined {
  for (let i = index; i >= Math.max(0, index - 5); i--) {
    const host = URL_IN_LINE.exec(lines[i])?.[1];
    if (host) return host;
  }
  return undefined;
}

function hostOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const url = URL_IN_LINE.exec(text);
  if (url) return url[1].toLowerCase();
  return (
    text
      .replace(/:\d+$/, '')
      .replace(/^\[|\]$/g, '')
      .toLowerCase() || undefined
  );
}

const ERROR_LINE = /^(npm (error|ERR!)|gyp ERR!)|\b(Error|ERR!|error)\b|\bE[A-Z]{3,}\b/;
const NOISE =
  /A complete log of this run|Log files were not written|^npm (error|ERR!)\s*$|^npm (error|ERR!) (code|errno) |^gyp ERR! (cwd|node -v|node-gyp -v|System|command)|^npm (error|ERR!) (signal|This is probably not a problem)/;

/** The first error lines (the cause) and the last ones (the outcome), without npm's boilerplate. */
export function installExcerpt(lines: string[], first = 8, last = 12): string {
  const relevant = lines.filter((l) => l.trim() && ERROR_LINE.test(l) && !NOISE.test(l));
  const pool = relevant.length ? relevant : lines.filter((l) => l.trim());
  const unique = pool.filter((l, i) => pool.indexOf(l) === i);
  if (unique.length <= first + last) return unique.join('\n');
  return [
    ...unique.slice(0, first),
    `… (${unique.length - first - last} more lines)`,
    ...unique.slice(-last),
  ].join('\n');
}
