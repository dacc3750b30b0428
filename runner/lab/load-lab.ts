import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Lab } from './lab';
import type { LabProblem } from './lab-problem';
import { fileRuleProblems } from './file-rules';
import { manifestRuleProblems } from './manifest-rules';
import { LabManifestSchema } from './manifest-schema';
import { readManifest, MANIFEST_FILE } from './read-manifest';
import { resolveLab } from './resolve-lab';
import { fallbackMessage, schemaProblems } from './schema-problems';
import { unusedTestFileWarnings } from './unused-test-files';

export type LoadResult = { ok: true; lab: Lab; warnings: LabProblem[] } | { ok: false; errors: LabProblem[] };

/**
 * Loads and validates the lab in `dir`. Never throws for a broken lab: every problem found
 * (schema, cross-field and cross-file) comes back at once, so an author fixes them in one pass.
 */
export async function loadLab(dir: string): Promise<LoadResult> {
  const folderProblem = await checkFolder(dir);
  if (folderProblem) return { ok: false, errors: [folderProblem] };

  const read = await readManifest(dir);
  if (!read.ok) return read;

  const labDir = path.resolve(dir);
  const parsed = LabManifestSchema.safeParse(read.raw, { error: fallbackMessage });
  const errors = [
    ...(parsed.success ? [] : schemaProblems(parsed.error.issues, read.raw, MANIFEST_FILE)),
    ...manifestRuleProblems(read.raw, path.basename(labDir)),
    ...(await fileRuleProblems(read.raw, labDir)),
  ];
  if (!parsed.success || errors.length > 0) return { ok: false, errors };

  const warnings = await unusedTestFileWarnings(parsed.data, labDir);
  return { ok: true, lab: resolveLab(labDir, parsed.data), warnings };
}

async function checkFolder(dir: string): Promise<LabProblem | undefined> {
  try {
    if ((await stat(dir)).isDirectory()) return undefined;
    return {
      file: dir,
      message: 'is not a folder',
      fix: 'give the path of a lab folder (the one holding lab.yaml)',
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR')
      return { file: dir, message: `cannot be read (${code ?? String(error)})` };
    return {
      file: dir,
      message: 'lab folder not found',
      fix: 'check the path, or run `backlab list` to see the known labs',
    };
  }
}
