import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * How the grader and the test-runner container (stage-runner-main.ts) talk: JSON files in a
 * folder both see. Files are written whole and renamed into place, so a reader never sees half a
 * request. Files, not a socket: the runner sits on the run's internal network, which the host
 * cannot reach, and a bind-mounted folder works on every Docker engine.
 */
export interface StageRequest {
  /** Test files, as paths inside the runner container. */
  files: string[];
  /** jest's configuration (rootDir, roots, transform, …). */
  config: Record<string, unknown>;
  /** Where jest writes its --json report, inside the runner container. */
  reportFile: string;
  /** Variables for this stage's tests (the kit's coordinates, the stage id, the suite order). */
  env: Record<string, string>;
}

export type StageDone = { ok: true } | { ok: false; error: string };

/** The folder's variable in the runner container. */
export const CONTROL_DIR_VARIABLE = 'BACKLAB_CONTROL_DIR';

export const PROTOCOL_POLL_MS = 20;

/** The gate file of a stage (see stage-gate.ts), as a variable of the stage's request. */
export const GATE_VARIABLE = 'BACKLAB_STAGE_GATE';

export function gateFile(sequence: number, dir = process.env[CONTROL_DIR_VARIABLE] ?? '.'): string {
  return join(dir, `${sequence}.gate`);
}

export function requestFile(sequence: number, dir = process.env[CONTROL_DIR_VARIABLE] ?? '.'): string {
  return join(dir, `${sequence}.request.json`);
}

export function doneFile(sequence: number, dir = process.env[CONTROL_DIR_VARIABLE] ?? '.'): string {
  return join(dir, `${sequence}.done.json`);
}

/** Writes a protocol file whole and renames it into place, so the other side never reads half of it. */
export async function writeWhole(file: string, text: string): Promise<void> {
  await writeFile(`${file}.partial`, text);
  await rename(`${file}.partial`, file);
}
