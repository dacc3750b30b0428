import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../common/errors';

/** What backlab remembers about a learner's folder, in `<folder>/.backlab/`. */
export interface WorkspaceState {
  lab: string;
  /** The lab's folder when it was started from a path outside the catalogue: found there again. */
  labDir?: string;
  /** The running development environment of `backlab start`, if any. */
  devRunId?: string;
  services?: Array<{ kind: string; host: string; port: number }>;
  createdAt: string;
}

export interface HistoryEntry {
  run: number;
  /** The lab graded against (`--lab` may differ from the recorded one); absent in older histories. */
  lab?: string;
  kind: 'test' | 'submit';
  status: string;
  score: number;
  maxScore: number;
  at: string;
}

export const STATE_DIR = '.backlab';

export function stateDir(folder: string): string {
  return join(folder, STATE_DIR);
}

export async function readState(folder: string): Promise<WorkspaceState | undefined> {
  const text = await readFile(join(stateDir(folder), 'state.json'), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as WorkspaceState) : undefined;
}

/**
 * The folder's state, or a UserError that says how to get one: `backlab start`, or the
 * `alternative` of a command that can do without ("pass --lab <lab>").
 */
export async function requireState(folder: string, alternative?: string): Promise<WorkspaceState> {
  const state = await readState(folder);
  if (!state) {
    throw new UserError(
      `${folder} is not a backlab lab folder (no ${STATE_DIR}/state.json)`,
      `Run \`backlab start <lab> <folder>\` first${alternative ? `, or ${alternative}` : ''}.`,
    );
  }
  return state;
}

/**
 * The lab a local command loads (an id, or the folder of a lab started from a path): `--lab`
 * when given, else the one `backlab start` recorded.
 */
export async function labRefOf(folder: string, labOption: string | undefined): Promise<string> {
  if (labOption) return labOption;
  const state = await requireState(folder, 'pass --lab <lab>');
  return state.labDir ?? state.lab;
}

/** The lab a command works against: `--lab` when given, else the one `backlab start` recorded. */
export async function labIdOf(folder: string, labOption: string | undefined): Promise<string> {
  return labOption ?? (await requireState(folder, 'pass --lab <lab>')).lab;
}

export async function writeState(folder: string, state: WorkspaceState): Promise<void> {
  await writeJsonAtomically(join(stateDir(folder), 'state.json'), state);
}

/** A new numbered run folder: .backlab/runs/1, 2, … */
export async function newRunDir(folder: string): Promise<{ run: number; dir: string }> {
  const runs = join(stateDir(folder), 'runs');
  await mkdir(runs, { recursive: true });
  const numbers = (await readdir(runs)).map(Number).filter(Number.isInteger);
  const run = Math.max(0, ...numbers) + 1;
  const dir = join(runs, String(run));
  await mkdir(dir);
  return { run, dir };
}

export async function readHistory(folder: string): Promise<HistoryEntry[]> {
  const text = await readFile(join(stateDir(folder), 'history.json'), 'utf8').catch(() => '[]');
  return JSON.parse(text) as HistoryEntry[];
}

export async function appendHistory(folder: string, entry: HistoryEntry): Promise<void> {
  const history = await readHistory(folder);
  history.push(entry);
  await writeJsonAtomically(join(stateDir(folder), 'history.json'), history);
}

/** Write-then-rename, so an interrupted write never leaves half a file. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(temp, path);
}
