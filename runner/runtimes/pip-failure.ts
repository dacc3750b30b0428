import { InfraError } from '../common/errors';
import { AppSetupError } from '../sandbox/package-json';
import type { PackageSource } from './cached-install';
import { OR_USE_PROVIDED, USE_PROVIDED } from './package-messages';

export interface PipAttempt {
  /** The requirement lines pip was asked to install. */
  requirements: string[];
  manifest: string;
  source: PackageSource;
}

/** What pip prints when the index cannot be reached (through the gateway or at all). */
const UNREACHABLE =
  /ProxyError|Tunnel connection failed|NewConnectionError|Max retries exceeded|Could not fetch URL|SSLError|Name or service not known|Temporary failure in name resolution/;

/**
 * A failed `pip install` of the packages the image lacks: the index could not be reached (the
 * machine's problem, as for npm's registry), or a package or version is not there, or pip's own
 * error lines (the submission's). Undefined when pip did not end by itself (a limit of the install
 * stage explains it instead).
 */
export function pipFailure(
  output: string,
  attempt: PipAttempt,
  refusedHosts: string[] = [],
): Error | undefined {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const errors = lines.filter((l) => l.startsWith('ERROR: '));
  if (!errors.length) return undefined;
  const { manifest, source } = attempt;
  const wanted = attempt.requirements.join(', ');
  const them = attempt.requirements.length > 1 ? 'them' : 'it';
  const unreachable = lines.find((l) => UNREACHABLE.test(l));
  // A download from elsewhere is the app's doing when a requirement names a URL: a learner could
  // otherwise fail grading as the machine's problem at will. Else the index sent pip there.
  const ownUrl = attempt.requirements.some((line) => line.includes('://'));
  if (refusedHosts.length && !ownUrl) {
    return new InfraError(
      `the package index ${source.index?.href ?? ''} sends pip to ${refusedHosts.join(', ')} for its files, which the registry gateway does not let through`,
      "Use an index that serves its files from its own host (mirrors do), or pip's default index.",
    );
  }
  if (refusedHosts.length || (unreachable && !source.index)) {
    return new AppSetupError(
      `${manifest} makes pip download from ${refusedHosts.length ? refusedHosts.join(', ') : 'the network'} (refused by the sandbox), but grading installs packages only from ${source.description}`,
      `Name packages as \`name==version\` in ${manifest}, without URLs or other indexes, ${OR_USE_PROVIDED}.`,
      'sandbox',
    );
  }
  if (unreachable) {
    return new InfraError(
      `${manifest} needs ${wanted}, which the Python sandbox does not have, and pip could not reach ${source.description} to install ${them}: ${reasonIn(unreachable)}`,
      `${USE_PROVIDED}, or ask whoever runs the grader to make a package index reachable (PIP_INDEX_URL) or to provide a folder of wheels (PIP_FIND_LINKS).`,
    );
  }
  const notFound = [...output.matchAll(/No matching distribution found for (\S+)/g)].map((m) => m[1]);
  if (notFound.length) {
    return new AppSetupError(
      `${manifest} needs ${[...new Set(notFound)].join(', ')}, which neither the Python sandbox nor ${source.description} has`,
      `Check the name and version in ${manifest} (\`pip index versions NAME\` lists what an index has), ${OR_USE_PROVIDED}.`,
    );
  }
  return new AppSetupError(
    `pip could not install ${wanted} from ${source.description}:\n${errors.slice(-6).join('\n')}`,
    `Run \`python3 -m pip install -r ${manifest}\` in a fresh virtual environment to see the same error, ${OR_USE_PROVIDED}.`,
  );
}

/** The readable part of pip's retry warning: the proxy's or the resolver's reason. */
function reasonIn(line: string): string {
  const refused = /Tunnel connection failed: ([^'")]+)/.exec(line);
  if (refused) return refused[1].trim();
  const resolver = /(Name or service not known|Temporary failure in name resolution)/.exec(line);
  if (resolver) return resolver[1];
  return line.replace(/^WARNING: /, '').slice(0, 300);
}
