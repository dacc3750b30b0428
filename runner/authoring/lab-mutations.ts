import path from 'node:path';
import { z } from 'zod';
import type { Lab, LabProblem } from '../lab';
import { isInsidePath } from '../lab/manifest-fields';
import { readJsonSpec } from './json-spec';
import { subfolders } from './known-answer';

/**
 * A lab's own faults: `mutations/<name>/` holds files laid over a copy of the solution (and an
 * optional mutation.json saying why the change is wrong). Each must make at least one test fail.
 */

export const MUTATIONS_FOLDER = 'mutations';
export const MUTATION_FILE = 'mutation.json';

const MutationSpecSchema = z.strictObject({
  why: z
    .string({ error: 'expected a sentence saying what the change breaks' })
    .trim()
    .min(1, { error: 'expected a sentence saying what the change breaks' }),
  remove: z
    .array(z.string().refine(isInsidePath, { error: 'expected a relative path inside the solution' }), {
      error: 'expected a list of paths',
    })
    .optional(),
});

export interface LabMutation {
  name: string;
  /** Absolute path of the overlay folder. */
  dir: string;
  why: string;
  remove: string[];
}

export async function readLabMutations(
  lab: Pick<Lab, 'dir'>,
): Promise<{ mutations: LabMutation[]; problems: LabProblem[] }> {
  const mutations: LabMutation[] = [];
  const problems: LabProblem[] = [];
  for (const name of await subfolders(path.join(lab.dir, MUTATIONS_FOLDER))) {
    const dir = path.join(lab.dir, MUTATIONS_FOLDER, name);
    const file = path.posix.join(MUTATIONS_FOLDER, name, MUTATION_FILE);
    const read = await readJsonSpec(
      path.join(dir, MUTATION_FILE),
      file,
      MutationSpecSchema,
      'mutation.json holds why and optionally remove',
    );
    if (read.kind === 'invalid') problems.push(...read.problems);
    else if (read.kind === 'ok')
      mutations.push({ name, dir, why: read.value.why, remove: read.value.remove ?? [] });
    else
      mutations.push({
        name,
        dir,
        why: `the solution changed as in ${MUTATIONS_FOLDER}/${name}`,
        remove: [],
      });
  }
  return { mutations, problems };
}
