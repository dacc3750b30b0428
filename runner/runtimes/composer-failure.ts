import { InfraError } from '../common/errors';
import { lastLinesOf } from '../sandbox/log-excerpt';
import { AppSetupError } from '../sandbox/package-json';
import type { PackageSource } from './cached-install';

export interface ComposerAttempt {
  packages: string[];
  source: PackageSource;
  /** composer.json names repositories of its own (or package URLs). */
  ownRepositories: boolean;
}

/** What Composer prints when a repository cannot be reached (through the gateway or at all). */
const UNREACHABLE =
  /could not be downloaded|curl error \d+|CONNECT tunnel failed|Failed to open stream|Could not resolve host/i;

/**
 * A failed Composer install: the repository could not be reached (the machine's problem), the
 * requirements cannot be met from it (each problem Composer names), or Composer's own last lines
 * (the submission's). Undefined when Composer printed nothing (a limit of the install stage).
 */
export function composerFailure(
  output: string,
  attempt: ComposerAttempt,
  refusedHosts: string[] = [],
): Error | undefined {
  const lines = output.split('\n').map((l) => l.trim());
  if (!lines.some(Boolean)) return undefined;
  const wanted = attempt.packages.join(', ');
  const { description } = attempt.source;
  const unreachable = lines.find((l) => UNREACHABLE.test(l));
  // A download from elsewhere is the app's doing when composer.json names repositories of its own:
  // a learner could otherwise fail grading as the machine's problem at will. Else the grader's
  // repository sent Composer there (dist URLs on code hosts).
  if (refusedHosts.length && !attempt.ownRepositories) {
    return new InfraError(
      `${description} sends Composer to ${refusedHosts.join(', ')} for its packages' files, which the registry gateway does not let through`,
      "Use a Composer repository that serves the packages' zips itself (a mirror, or Satis with its archive option).",
    );
  }
  if (refusedHosts.length || (unreachable && !attempt.source.index)) {
    return new AppSetupError(
      `composer.json makes Composer download from ${refusedHosts.length ? refusedHosts.join(', ') : 'the network'} (refused by the sandbox), but grading installs packages only from ${description}`,
      'Take out the "repositories" of composer.json that point elsewhere, or submit your vendor/ folder (`composer install`).',
      'sandbox',
    );
  }
  if (unreachable) {
    return new InfraError(
      `composer.json requires ${wanted}, and Composer could not reach ${description} to install ${attempt.packages.length > 1 ? 'them' : 'it'}: ${unreachable}`,
      'This is a problem of the machine or its network, not of your code: ask whoever runs the grader to check BACKLAB_COMPOSER_REPOSITORY, or submit your vendor/ folder.',
    );
  }
  const problems = lines.filter((l) => /^- (Root composer\.json requires|.+ requires )/.test(l));
  if (problems.length) {
    return new AppSetupError(
      `composer.json's requirements cannot be met from ${description}:\n${problems.join('\n')}`,
      'Check the package names and version constraints in composer.json, or submit your vendor/ folder (`composer install`).',
    );
  }
  return new AppSetupError(
    `Composer could not install ${wanted} from ${description}:\n${lastLinesOf(output, 12)}`,
    'Run `composer install` in a fresh copy of your app to see the same error, or submit your vendor/ folder.',
  );
}
