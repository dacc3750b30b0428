import { access, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError, errorMessage } from '../../common/errors';
import { makeRunFolder } from '../../docker/run-folders';
import { grade as gradeSubmission } from '../../grading/grade';
import { formatResult, type ReportFormat } from '../../grading/reporters';
import type { GradeResult } from '../../grading/result';
import { findLab, type Lab } from '../../lab';
import { EXIT, type CliContext } from '../cli-context';
import { ensureImages } from './ensure-images';
import { exitCodeOf, terminalReport, type ReportDetail } from './grade-folder';
import { reportTarget, type ReportTarget } from './report-target';

export interface GradeOptions extends ReportDetail {
  lab: string;
  folders: string[];
  format: ReportFormat;
  hidden: boolean;
  /** Write each report here (a file, or a folder of <name>.<ext>; always a folder for several). */
  output?: string;
  /** `--app-dir`: the app's folder inside each submission folder. */
  appDir?: string;
}

/**
 * `backlab grade <lab> <folder...>`: the instructor's grader. Folders are graded one after another;
 * the exit code is the worst outcome (error > fail > pass). Where the reports go is checked before
 * the first grade, and a report that cannot be written is printed instead, so no result is lost.
 */
export async function grade(ctx: CliContext, opts: GradeOptions): Promise<number> {
  const lab = await findLab(ctx.labsDir, opts.lab, ctx.cwd);
  const folders = opts.folders.map((f) => resolve(ctx.cwd, f));
  for (const folder of folders) {
    await access(folder).catch(() => {
      throw new UserError(
        `submission folder ${folder} not found`,
        "Pass the folder that holds the learner's package.json (or files).",
      );
    });
  }
  const target = opts.output ? await reportTarget(ctx.cwd, opts.output, folders.length > 1) : undefined;
  const docker = await ctx.docker();
  await ensureImages(ctx, docker);
  let worst: number = EXIT.ok;
  for (const folder of folders) {
    if (folders.length > 1) ctx.progress.info(`Grading ${folder}`);
    // Deleted below, or by the next command's sweep when this process is killed.
    const runFolder = await makeRunFolder('grade');
    let result: GradeResult;
    try {
      result = await gradeSubmission(
        { docker, progress: ctx.progress, hooks: ctx.hooks },
        {
          lab,
          submissionDir: folder,
          hidden: opts.hidden,
          workspace: folder,
          runDir: runFolder.dir,
          runtime: ctx.runtime,
          appDir: opts.appDir,
        },
      );
    } finally {
      await runFolder.dispose();
    }
    const written = await deliver(ctx, opts, lab, folder, result, target);
    worst = Math.max(worst, exitCodeOf(result), written ? EXIT.ok : EXIT.error);
  }
  return worst;
}

/** Prints the report, or writes it where `-o` says; false when writing failed (it is printed then). */
async function deliver(
  ctx: CliContext,
  opts: GradeOptions,
  lab: Lab,
  folder: string,
  result: GradeResult,
  target: ReportTarget | undefined,
): Promise<boolean> {
  const report = formatResult(result, opts.format, {
    ...terminalReport(ctx, { all: opts.all, verbose: opts.verbose, lab }),
    // A report written to a file is read in an editor: no colour codes, no terminal width.
    ...(target ? { color: false, width: undefined } : {}),
    showHidden: true,
  });
  if (!target) {
    ctx.out(report);
    return true;
  }
  const path =
    target.kind === 'folder'
      ? join(target.path, `${basename(folder)}.${extensionOf(opts.format)}`)
      : target.path;
  const summary = `${basename(folder)}: ${result.status} ${result.score}/${result.maxScore}`;
  try {
    await writeFile(path, report);
    ctx.progress.info(`${summary} → ${path}`);
    return true;
  } catch (err) {
    ctx.out(report);
    ctx.progress.warn(
      `${summary}: could not write the report to ${path} (${errorMessage(err)}); it is printed on stdout instead`,
    );
    return false;
  }
}

function extensionOf(format: ReportFormat): string {
  return format === 'junit' ? 'xml' : format === 'terminal' ? 'txt' : 'json';
}
