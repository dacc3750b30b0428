/**
 * jest's globalSetup for a stage, in the test-runner container: jest reads its configuration and
 * maps the lab's files, then waits here until the grader has reset the services for this stage.
 * The reset and jest's own set-up overlap instead of following each other.
 *
 * The grader writes the gate file once: `go`, or `cancel` when the reset failed, which fails the
 * stage's run before any test touches a database in an unknown state.
 */
import { readFile } from 'node:fs/promises';
import { sleep } from '../common/poll';
import { GATE_VARIABLE, PROTOCOL_POLL_MS } from './stage-protocol';

export default async function awaitStageGate(): Promise<void> {
  const file = process.env[GATE_VARIABLE];
  // The runner's own warm-up run has no gate.
  if (!file) return;
  for (;;) {
    const word = (await readFile(file, 'utf8').catch(() => '')).trim();
    if (word === 'go') return;
    if (word === 'cancel') throw new Error('the services could not be reset for this stage');
    await sleep(PROTOCOL_POLL_MS / 2);
  }
}
