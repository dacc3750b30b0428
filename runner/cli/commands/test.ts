import type { CliContext } from '../cli-context';
import { existingFolder } from '../lab-folder';
import { gradeFolder, labOfFolder, type ReportDetail } from './grade-folder';

export interface TestOptions extends ReportDetail {
  dir?: string;
  lab?: string;
  stage?: string[];
  /** `--app-dir`: the app's folder inside `dir`. */
  appDir?: string;
  json: boolean;
}

/** `backlab test`: grades the folder with the visible tests in a fresh sandboxed environment. */
export async function test(ctx: CliContext, opts: TestOptions): Promise<number> {
  const folder = await existingFolder(ctx, opts.dir);
  const lab = await labOfFolder(ctx, folder, opts.lab);
  return gradeFolder(ctx, {
    folder,
    lab,
    kind: 'test',
    stageIds: opts.stage?.length ? opts.stage : undefined,
    appDir: opts.appDir,
    json: opts.json,
    all: opts.all,
    verbose: opts.verbose,
  });
}

/** `backlab submit`: a full grade of every stage, recorded in the folder's history. */
export async function submit(ctx: CliContext, opts: Omit<TestOptions, 'stage'>): Promise<number> {
  const folder = await existingFolder(ctx, opts.dir);
  const lab = await labOfFolder(ctx, folder, opts.lab);
  return gradeFolder(ctx, {
    folder,
    lab,
    kind: 'submit',
    appDir: opts.appDir,
    json: opts.json,
    all: opts.all,
    verbose: opts.verbose,
  });
}
