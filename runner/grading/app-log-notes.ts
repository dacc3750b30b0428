import { connectionHint } from '../sandbox/connection-hint';
import type { Lab } from '../lab';
import type { SandboxedApp } from './start-sandboxed-app';

/** The phrase the MongoDB stand-in puts in every refusal of something it does not implement. */
export const STANDIN_UNSUPPORTED = 'not supported by the backlab MongoDB stand-in';

/**
 * What the app's whole log says that the learner should know beside the scores, when the learner
 * wrote the app: how it was started, a database looked for in the wrong place, and failures that only the MongoDB
 * stand-in causes (they may not happen on real MongoDB).
 */
export function appLogNotes(
  log: string,
  app: SandboxedApp | undefined,
  graded: boolean,
  startedByLab = false,
): string[] {
  // The lab's own app (nginx in front of it) or the test driver running the learner's suite: how
  // it started is not the learner's concern.
  if (!app || startedByLab) return [];
  const notes = [
    `your app was started with \`${app.startCommand}\` (${app.startSource})${app.startNote ? `; ${app.startNote}` : ''}`,
  ];
  if (log.includes(STANDIN_UNSUPPORTED)) {
    notes.push(
      'your app\'s log shows an error from the MongoDB stand-in ("not supported by the backlab MongoDB stand-in"): backlab ran a test server, not MongoDB, and that failure may not happen on real MongoDB',
    );
  }
  const where = graded ? connectionHint(log, app.services()) : undefined;
  if (where) notes.push(where);
  return notes;
}

/** True when the lab, not the learner, decides what runs in the app container. */
export function startedByLab(lab: Lab): boolean {
  return lab.app?.source.from === 'lab' || lab.app?.kind === 'tests';
}
