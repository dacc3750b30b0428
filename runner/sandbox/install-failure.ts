import { stripAnsi } from '../common/plain-text';
import { limitHit, type InstallLimits, type LimitVerdicts } from './install-limits';
import { REFUSED_STATUS } from './registry-gateway-policy';

/** Why an install failed, in the learner's terms, and whose failure it is. */
export interface InstallFailure {
  message: string;
  hint: string;
  /** submission: the project's own mistake; sandbox: a limit of grading; infrastructure: the machine. */
  cause: 'submission' | 'sandbox' | 'infrastructure';
}

const NETWORK_ERROR =
  /(?:getaddrinfo\s+)?\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b[\s:]*([\w.-]+\.[a-z]{2,}|[\d.]+:\d+|\[[\da-f:]+\]:\d+)?/i;
/** The registry gateway's answers, as clients print them: its refusal, or "the host did not answer". */
const GATEWAY_ANSWER = new RegExp(
  `\\b(403)\\b.*${REFUSED_STATUS}|CONNECT tunnel failed, response (403|502|504)|\\b(502|504) (?:Bad Gateway|Gateway Timeout)\\b`,
  'i',
);
const URL_IN_LINE = /\bhttps?:\/\/([\w.-]+)(?::\d+)?[^\s'"]*/i;

/** What the install stage knows besides npm's output. */
export interface InstallContext {
  /** The project's folder in the container ("/app", "/app/api"). */
  projectDir?: string;
  limits?: InstallLimits;
  /** The one host the install may reach. */
  registryHost?: string;
  /** What Docker and the kernel said: a process killed for memory, a fork refused. */
  verdicts?: LimitVerdicts;
  /** Hosts the registry gateway refused during the install, in order. */
  refusedHosts?: string[];
}

/**
 * Reads npm's output: which package's script failed, whether it tried to reach a host other than
 * the registry (the grading sandbox reaches only the registry), and the lines that say why —
 * the first error lines, where the cause usually is, and the last ones.
 */
export function diagnoseInstallFailure(
  output: string,
  command: string,
  exitCode: number,
  context: InstallContext = {},
): InstallFailure {
  const lines = stripAnsi(output).split('\n');
  const registryHost = context.registryHost?.toLowerCase();
  const excerpt = installExcerpt(lines);
  const scriptOf = lifecycleScript(lines, context.projectDir ?? '/app');
  const network = networkFailure(lines, context.refusedHosts ?? []);

  const limit = limitHit(lines, exitCode, context.limits ?? {}, context.verdicts);
  if (limit) {
    return {
      message: `${command} was stopped: ${limit}:\n${excerpt}`,
      hint: 'An install or build script needed more than the grading sandbox allows: look for a script that loops, forks or writes without end, or prefer packages that ship prebuilt binaries.',
      cause: 'sandbox',
    };
  }
  const outside = network?.host && network.host !== registryHost;
  if (network && outside && scriptOf) {
    return {
      message: `the install script of ${scriptOf.pkg} (${scriptOf.command}) tried to reach ${network.host} (${network.code}), but the grading sandbox reaches only the npm registry:\n${excerpt}`,
      hint: `This is a limit of the grading sandbox, not a mistake in your code. Use a version of ${scriptOf.pkg} that installs from the npm registry alone (many ship prebuilt binaries inside the package), or an alternative written in JavaScript.`,
      cause: 'sandbox',
    };
  }
  if (network && outside && network.refused) {
    return {
      message: `${command} tried to download from ${network.host} (${network.code}), but the grading sandbox reaches only the npm registry:\n${excerpt}`,
      hint: 'A dependency comes from outside the npm registry (a URL, git or scoped-registry dependency): depend on a version published to the npm registry instead.',
      cause: 'sandbox',
    };
  }
  if (network) {
    return {
      message: `${command} could not download packages: ${network.host ?? 'the registry'} did not answer (${network.code}):\n${excerpt}`,
      hint: 'This is a problem of the machine or its network, not of your code: try again later, or run `backlab doctor`.',
      cause: 'infrastructure',
    };
  }
  return {
    message: `${command} failed (exit code ${exitCode}):\n${excerpt}`,
    hint: submissionHint(lines, command),
    cause: 'submission',
  };
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

interface NetworkFailure {
  code: string;
  host?: string;
  /** The registry gateway refused it: not the registry, so never the machine's fault. */
  refused?: boolean;
}

/**
 * The first line that shows a connection failing, with the host it was for: named on the line
 * or a few lines above, else (for the gateway's answers) the last host the gateway refused.
 */
function networkFailure(lines: string[], refusedHosts: string[]): NetworkFailure | undefined {
  let first: NetworkFailure | undefined;
  for (const [index, line] of lines.entries()) {
    const match = NETWORK_ERROR.exec(line);
    const gateway = match ? undefined : GATEWAY_ANSWER.exec(line);
    if (!match && !gateway) continue;
    const named = match ? hostOf(match[2]) : undefined;
    const host = (named ?? URL_IN_LINE.exec(line)?.[1] ?? nearbyUrlHost(lines, index))?.toLowerCase();
    const status = gateway?.slice(1).find(Boolean);
    const code = match
      ? match[1].toUpperCase()
      : status === '403'
        ? 'refused by the sandbox'
        : `HTTP ${status}`;
    const refused = status === '403' || (!!host && refusedHosts.includes(host));
    const found = { code, host: host ?? (refused ? refusedHosts.at(-1) : undefined), refused };
    // "npm error code ENOTFOUND" names no host; a later line usually does.
    if (found.host) return found;
    first ??= found;
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
