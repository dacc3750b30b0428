import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Lab } from './lab';
import type { LabProblem } from './lab-problem';
import { fileRuleProblems } from './file-rules';
import { manifestRuleProblems } from './manifest-rules';
import { locateProblems } from './manifest-positions';
import { LabManifestSchema } from './manifest-schema';
import { readManifest, MANIFEST_FILE } from './read-manifest';
import { resolveLab } from './resolve-lab';
import { fallbackMessage, schemaProblems } from './schema-problems';
import { unusedTestFileWarnings } from './unused-test-files';

export type LoadResult = { ok: true; lab: Lab; warnings: LabProblem[] } | LoadFailure;

export interface LoadFailure {
  ok: false;
  errors: LabProblem[];
  /**
   * How far loading got: `folder`, no lab folder; `manifest`, no lab.yaml that parses; `rules`,
   * lab.yaml was read but it or the files it names break rules. Checks of what was never
   * loaded must not run, let alone pass.
   */
  failedAt: 'folder' | 'manifest' | 'rules';
  /** Suites no stage lists, found despite the errors. */
  warnings: LabProblem[];
  /**
   * The lab as lab.yaml describes it, when the schema holds and only the rules or files fail (a
   * suite that is missing, say): `backlab validate` checks the rest of it in the same run. Never
   * to be graded.
   */
  partial?: Lab;
}

/**
 * Loads and validates the lab in `dir`. Never throws for a broken lab: every problem found
 * (schema, cross-field and cross-file) comes back at once, each problem of lab.yaml with its line
 * and column, so an author fixes them in one pass.
 */
export async function loadLab(dir: string): Promise<LoadResult> {
  const folderProblem = await checkFolder(dir);
  if (folderProblem) return { ok: false, failedAt: 'folder', errors: [folderProblem], warnings: [] };

  const read = await readManifest(dir);
  if (!read.ok) return { ok: false, failedAt: 'manifest', errors: read.errors, warnings: [] };

  const labDir = path.resolve(dir);
  const parsed = LabManifestSchema.safeParse(read.raw, { error: fallbackMessage });
  const errors = [
    ...(parsed.success ? [] : schemaProblems(parsed.error.issues, read.raw, MANIFEST_FILE, read.locator)),
    ...manifestRuleProblems(read.raw, path.basename(labDir)),
    ...(await fileRuleProblems(read.raw, labDir)),
  ];
  const warnings = await unusedTestFileWarnings(read.raw, labDir);
  const lab = parsed.success ? resolveLab(labDir, parsed.data) : undefined;
  if (lab && errors.length === 0) return { ok: true, lab, warnings };
  return {
    ok: false,
    failedAt: 'rules',
    errors: locateProblems(errors, read.locator, MANIFEST_FILE),
    warnings,
    ...(lab ? { partial: lab } : {}),
  };
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

/** `problems` with the line and column of each lab.yaml field they name: for checks made after loading. */
export async function locateManifestProblems<P extends LabProblem>(
  labDir: string,
  problems: readonly P[],
): Promise<P[]> {
  const read = await readManifest(labDir).catch(() => undefined);
  return read?.ok ? locateProblems(problems, read.locator, MANIFEST_FILE) : [...problems];
}
