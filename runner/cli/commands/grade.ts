import { access, mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { UserError } from '../../common/errors';
import { makeRunFolder } from '../../docker/run-folders';
import { grade as gradeSubmission } from '../../grading/grade';
import { formatResult, type ReportFormat } from '../../grading/reporters';
import type { GradeResult } from '../../grading/result';
import { findLab } from '../../lab';
import { EXIT, type CliContext } from '../cli-context';
import { ensureImages } from './ensure-images';
import { exitCodeOf, terminalReport, type ReportDetail } from './grade-folder';

export interface GradeOptions extends ReportDetail {
  lab: string;
  folders: string[];
  format: ReportFormat;
  hidden: boolean;
  /** Write each report here (one folder: a file; several: a folder of <name>.<ext>). */
  output?: string;
  /** `--app-dir`: the app's folder inside each submission folder. */
  appDir?: string;
}

/**
 * `backlab grade <lab> <folder...>`: the instructor's grader. Folders are graded one after another;
 * the exit code is the worst outcome (error > fail > pass).
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
  if (opts.output && folders.length > 1) await mkdir(opts.output, { recursive: true });
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
    const report = formatResult(result, opts.format, {
      ...terminalReport(ctx, { all: opts.all, verbose: opts.verbose, lab }),
      // A report written to a file is read in an editor: no colour codes, no terminal width.
      ...(opts.output ? { color: false, width: undefined } : {}),
      showHidden: true,
    });
    if (opts.output) {
      const target =
        folders.length > 1
          ? join(opts.output, `${basename(folder)}.${extensionOf(opts.format)}`)
          : opts.output;
      await writeFile(target, report);
      ctx.progress.info(
        `${basename(folder)}: ${result.status} ${result.score}/${result.maxScore} → ${target}`,
      );
    } else {
      ctx.out(report);
    }
    worst = Math.max(worst, exitCodeOf(result));
  }
  return worst;
}

function extensionOf(format: ReportFormat): string {
  return format === 'junit' ? 'xml' : format === 'terminal' ? 'txt' : 'json';
}
