import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { ALWAYS_EXCLUDED } from '../docker/archive';
import { makeRunFolder } from '../docker/run-folders';
import { isInsidePath } from '../lab/manifest-fields';

/**
 * A submission made of a base folder (the lab's solution or starter) with an overlay folder's
 * files laid over it: how known answers and lab mutations stay small — only the files that differ.
 */
export interface OverlaySpec {
  /** Copied first; absent when the overlay is a complete folder of its own. */
  base?: string;
  /** Its files replace or add to the base's. */
  overlay: string;
  /** Names in the overlay's top folder that describe it rather than belong to it (expected.json). */
  skip: string[];
  /** Paths, relative to the result, deleted after the overlay is laid. */
  remove?: string[];
}

export interface MaterialisedFolder {
  dir: string;
  dispose(): Promise<void>;
}

/**
 * Builds the folder in a fresh temporary run folder (swept when this process is killed);
 * `dispose` deletes it.
 */
export async function materialiseOverlay(spec: OverlaySpec): Promise<MaterialisedFolder> {
  const { dir, dispose } = await makeRunFolder('overlay');
  try {
    if (spec.base) await cp(spec.base, dir, { recursive: true, filter: keep(spec.base, []) });
    await cp(spec.overlay, dir, { recursive: true, force: true, filter: keep(spec.overlay, spec.skip) });
    for (const removed of spec.remove ?? []) {
      // Checked again here: a path leaving the folder must never delete anything outside it.
      if (!isInsidePath(removed))
        throw new Error(`cannot remove ${JSON.stringify(removed)}: not a path inside the submission`);
      await rm(path.join(dir, removed), { recursive: true, force: true });
    }
    return { dir, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/** Leaves out what grading never copies (node_modules, .git…) and the overlay's own description files. */
function keep(root: string, skip: string[]): (source: string) => boolean {
  return (source) => {
    const relative = path.relative(root, source);
    if (relative === '') return true;
    const parts = relative.split(path.sep);
    if (parts.some((part) => ALWAYS_EXCLUDED.includes(part))) return false;
    return !(parts.length === 1 && skip.includes(parts[0]));
  };
}
