import { writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { UserError } from '../../common/errors';
import { grade } from '../../grading/grade';
import { formatResult, type ReportOptions } from '../../grading/reporters';
import type { GradeResult } from '../../grading/result';
import { findLab, type Lab } from '../../lab';
import { EXIT, type CliContext } from '../cli-context';
import { appendHistory, labRefOf, newRunDir } from '../workspace-state';
import { refreshDevelopmentNginx } from './dev-lab-app';
import { ensureImages } from './ensure-images';

/** pass → 0, fail → 1, error (could not grade) → 2. */
export function exitCodeOf(result: GradeResult): number {
  return result.status === 'pass' ? EXIT.ok : result.status === 'fail' ? EXIT.fail : EXIT.error;
}

/** The lab of a learner's folder: --lab wins, else what `backlab start` recorded. */
export async function labOfFolder(ctx: CliContext, folder: string, labOption?: string): Promise<Lab> {
  return findLab(ctx.labsDir, await labRefOf(folder, labOption), ctx.cwd);
}

/** `--all` and `--verbose`: how much of the terminal report to print. */
export interface ReportDetail {
  all?: boolean;
  verbose?: boolean;
}

export interface FolderGradeOptions extends ReportDetail {
  folder: string;
  lab: Lab;
  kind: 'test' | 'submit';
  stageIds?: string[];
  appDir?: string;
  json: boolean;
  /** With json: the document on one line. */
  jsonLines?: boolean;
}

/**
 * The terminal report's options for a command's output: the terminal's colour and width, and the
 * command and the lab's stages, which the report names when it says what to run next.
 */
export function terminalReport(
  ctx: CliContext,
  detail: ReportDetail & { command?: string; lab?: Lab },
): ReportOptions {
  return {
    color: ctx.color,
    width: ctx.width,
    all: detail.all,
    verbose: detail.verbose,
    command: detail.command,
    labStages: detail.lab?.stages,
  };
}

/** Grades a learner's folder, keeps the result and app log under .backlab/runs/N, prints the report. */
export async function gradeFolder(ctx: CliContext, opts: FolderGradeOptions): Promise<number> {
  return exitCodeOf(await gradeAndReport(ctx, opts));
}

/** gradeFolder's work, returning the result: `test --watch` picks the next stage from it. */
export async function gradeAndReport(ctx: CliContext, opts: FolderGradeOptions): Promise<GradeResult> {
  const unknown = opts.stageIds?.filter((id) => !opts.lab.stages.some((s) => s.id === id)) ?? [];
  if (unknown.length) {
    throw new UserError(
      `no stage ${unknown.join(', ')} in ${opts.lab.id}`,
      `Stages: ${opts.lab.stages.map((s) => s.id).join(', ')}.`,
    );
  }
  const docker = await ctx.docker();
  await ensureImages(ctx, docker);
  await refreshDevelopmentNginx(ctx, docker, opts.lab, opts.folder);
  const { run, dir } = await newRunDir(opts.folder);
  const result = await grade(
    { docker, progress: ctx.progress, hooks: ctx.hooks },
    {
      lab: opts.lab,
      submissionDir: opts.folder,
      hidden: false,
      stageIds: opts.stageIds,
      appDir: opts.appDir,
      workspace: opts.folder,
      runDir: dir,
      runtime: ctx.runtime,
    },
  );
  await writeFile(join(dir, 'result.json'), formatResult(result, 'json'));
  await appendHistory(opts.folder, {
    run,
    lab: opts.lab.id,
    kind: opts.kind,
    status: result.status,
    score: result.score,
    maxScore: result.maxScore,
    at: result.finishedAt,
  });
  const elsewhere = relative(ctx.cwd, opts.folder);
  const command = `backlab ${opts.kind}${elsewhere ? ` -d ${elsewhere}` : ''}`;
  const report = opts.json
    ? formatResult(result, 'json')
    : formatResult(result, 'terminal', {
        ...terminalReport(ctx, { ...opts, command }),
        logPath: relative(ctx.cwd, join(dir, 'app.log')),
      });
  // One document per line when results follow one another (`test --watch --json`).
  ctx.out(opts.json && opts.jsonLines ? JSON.stringify(JSON.parse(report)) : report);
  return result;
}
