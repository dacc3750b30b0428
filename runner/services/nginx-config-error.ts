import { UserError } from '../common/errors';

/** Whoever wrote the configuration nginx rejected: the learner, or the lab's author. */
export type NginxConfigOwner = 'submission' | 'lab';

/** Lines `nginx -t` prints only when the configuration does not load. */
const TEST_FAILED = /configuration file \S+ test failed/;

/** True when a log holds the output of a failed `nginx -t`. */
export function isNginxTestFailure(log: string): boolean {
  return TEST_FAILED.test(log);
}

/** The wrappers nginx.conf tutorials show, which are not allowed inside the http block. */
const OUTER_BLOCK = /"(http|events|user|worker_processes|pid|error_log)" directive is not allowed here/;

/**
 * nginx refused the configuration. The message is the output of `nginx -t`, unchanged, because it
 * names the file and line; the hint says whose file it is and what to do.
 */
export class NginxConfigError extends UserError {
  constructor(
    testOutput: string,
    readonly owner: NginxConfigOwner,
    /** The configuration file's name, as its author knows it ("nginx.conf"). */
    readonly fileName: string,
    /** Where nginx reads it in the container, the path the output names. */
    readonly containerPath: string,
  ) {
    super(testOutput.trim(), hintFor(testOutput, owner, fileName, containerPath));
  }
}

function hintFor(output: string, owner: NginxConfigOwner, fileName: string, containerPath: string): string {
  if (owner === 'lab') {
    return `nginx rejected the lab's own ${fileName}: this is a problem of the lab, not of your code. Tell the lab's author.`;
  }
  const where = `${containerPath} is your ${fileName}`;
  if (OUTER_BLOCK.test(output)) {
    return `nginx includes your ${fileName} inside its own http { } block (${where}): remove the user, events and http { } wrappers and keep only what was inside http { } (upstream, limit_req_zone, server blocks).`;
  }
  return `Fix ${fileName} at the line nginx names (${where}), then grade again.`;
}
