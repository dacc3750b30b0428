import { InfraError } from '../../common/errors';

/** The container stopped while we waited for it. */
export class ContainerExitedError extends InfraError {
  constructor(
    readonly subject: string,
    readonly exitCode: number,
    readonly oomKilled: boolean,
  ) {
    super(
      oomKilled
        ? `${subject} was killed: it ran out of memory`
        : `${subject} exited with code ${exitCode} before it was ready`,
    );
  }
}
