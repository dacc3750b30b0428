import type { GradeResult } from '../../grading/result';
import type { Lab } from '../../lab';
import { plural } from '../../common/units';
import type { CliContext } from '../cli-context';
import { errorDocument, printError } from '../output/print';
import { watchFolder } from '../folder-changes';
import { existingFolder } from '../lab-folder';
import { gradeAndReport, labOfFolder, type FolderGradeOptions } from './grade-folder';
import type { TestOptions } from './test';

/**
 * The stage a learner is working on: the first, in the lab's order, that has not passed in any
 * run of this watch (a stage never graded has not passed). Every stage once all have passed, so
 * that a change after the last stage still checks that nothing broke.
 */
export function currentStages(lab: Lab, passed: ReadonlySet<string>): string[] | undefined {
  const current = lab.stages.find((stage) => !passed.has(stage.id));
  return current ? [current.id] : undefined;
}

/** What passed and failed, kept across the watch's runs: a run of one stage says nothing of others. */
export function recordStages(passed: Set<string>, result: GradeResult): void {
  for (const stage of result.stages) {
    if (stage.status === 'pass') passed.add(stage.id);
    else passed.delete(stage.id);
  }
}

/**
 * `backlab test --watch`: tests once (the stages asked for, else all), then again whenever a file
 * of the submission changes: the stages asked for, else the current stage. Dependencies are
 * installed again only when what an install reads changed (package.json, the lockfile, .npmrc):
 * otherwise the dependency cache serves them with no install. Runs until Ctrl-C.
 */
export async function testWatch(ctx: CliContext, opts: TestOptions): Promise<never> {
  const folder = await existingFolder(ctx, opts.dir);
  const lab = await labOfFolder(ctx, folder, opts.lab);
  const asked = opts.stage?.length ? opts.stage : undefined;
  const grading: Omit<FolderGradeOptions, 'stageIds'> = {
    folder,
    lab,
    kind: 'test',
    appDir: opts.appDir,
    json: opts.json,
    jsonLines: true,
    all: opts.all,
    verbose: opts.verbose,
  };
  const passed = new Set<string>();
  // Watching begins before the first run, so that an edit made while it runs is not missed.
  const changes = await watchFolder(folder);
  recordStages(passed, await gradeAndReport(ctx, { ...grading, stageIds: asked }));
  for (;;) {
    ctx.progress.info('Watching for changes (Ctrl-C to stop)…');
    const paths = await changes.next();
    const stageIds = asked ?? currentStages(lab, passed);
    ctx.progress.info(`${describeChange(paths)}: testing ${describeStages(lab, stageIds)}`);
    try {
      recordStages(passed, await gradeAndReport(ctx, { ...grading, stageIds }));
    } catch (err) {
      // A run that cannot begin (Docker went away, a broken package.json) ends that run only.
      if (opts.json) ctx.out(JSON.stringify(errorDocument(err)));
      else printError(err);
    }
  }
}

export function describeChange(paths: string[]): string {
  if (paths.length === 1) return `${paths[0]} changed`;
  const shown = paths.slice(0, 3).join(', ');
  return paths.length > 3
    ? `${shown} and ${plural(paths.length - 3, 'more file')} changed`
    : `${shown} changed`;
}

function describeStages(lab: Lab, stageIds: string[] | undefined): string {
  if (!stageIds) return `every stage (all ${lab.stages.length} have passed)`;
  return stageIds
    .map((id) => {
      const index = lab.stages.findIndex((stage) => stage.id === id);
      return `stage ${index + 1}, ${lab.stages[index]?.title ?? id}`;
    })
    .join('; ');
}
