import { join } from 'node:path';
import { packageRoot } from '../common/package-root';
import type { Mount } from '../docker/docker-client';
import type { StartCommand } from './start-command';

/**
 * How a lab whose submission is a test suite (`app.kind: tests`) runs in the app sandbox: the
 * test driver (test-driver.ts) instead of the learner's start command, mounted read-only as the
 * one compiled file it is, outside the learner's folder.
 */
const DRIVER_IN_SANDBOX = '/opt/backlab/test-driver.js';

export const TEST_DRIVER_START: StartCommand = {
  command: `node ${DRIVER_IN_SANDBOX}`,
  source: "backlab's test driver, which runs your tests when a stage asks (lab.yaml app.kind: tests)",
};

export function testDriverMount(): Mount {
  return {
    type: 'bind',
    source: join(packageRoot(), 'dist', 'runner', 'sandbox', 'test-driver.js'),
    target: DRIVER_IN_SANDBOX,
    readOnly: true,
  };
}
