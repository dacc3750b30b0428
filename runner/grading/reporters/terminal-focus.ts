import type { GradeResult, StageResult } from '../result';
import { formatPoints, oneLine } from './plain-text';
import { commandWith, INDENT, widthOf, type Colors, type TerminalReportOptions } from './terminal-options';
import { wrapLine } from './wrap';
import { plural } from '../../common/units';

/** A graded stage and its number in the lab (stage 3 stays stage 3 in a run of `--stage` 3 alone). */
export interface NumberedStage {
  stage: StageResult;
  number: number;
}

/**
 * The stages the report shows and those it only counts. A learner works on one stage at a time:
 * by default the report stops at the first stage that does not pass, since the later ones often
 * fail only because of it (every test registers a user first), and their failures would bury it.
 */
export function focusStages(
  result: GradeResult,
  opts: TerminalReportOptions,
): { shown: NumberedStage[]; later: NumberedStage[] } {
  const order = opts.labStages?.map((stage) => stage.id) ?? [];
  const numbered = result.stages.map((stage, i) => {
    const inLab = order.indexOf(stage.id);
    return { stage, number: (inLab >= 0 ? inLab : i) + 1 };
  });
  const current = numbered.findIndex(({ stage }) => stage.status !== 'pass');
  if (opts.all || current < 0) return { shown: numbered, later: [] };
  return { shown: numbered.slice(0, current + 1), later: numbered.slice(current + 1) };
}

/** "3 later stages not shown (0/45 points): A, B, C. `backlab test --all` shows them." */
export function laterStagesLines(later: NumberedStage[], opts: TerminalReportOptions): string[] {
  if (later.length === 0) return [];
  const score = later.reduce((sum, { stage }) => sum + stage.score, 0);
  const max = later.reduce((sum, { stage }) => sum + stage.maxScore, 0);
  const titles = later.map(({ stage }) => oneLine(stage.title)).join(', ');
  const text =
    `${plural(later.length, 'later stage')} not shown (${formatPoints(score)}/${formatPoints(max)} points): ` +
    `${titles}. ${commandWith(opts, '--all')} shows ${later.length === 1 ? 'it' : 'them'}.`;
  return wrapLine(text, widthOf(opts), INDENT, '  ');
}

/**
 * After a run whose stages all passed: the stage to work on next (the first one of the lab this
 * run did not grade, after the graded ones), or that the lab is complete.
 */
export function nextStepLine(
  result: GradeResult,
  opts: TerminalReportOptions,
  c: Colors,
): string | undefined {
  if (result.status === 'error' || result.stages.length === 0) return undefined;
  if (result.stages.some((stage) => stage.status !== 'pass')) return undefined;
  const lab = opts.labStages ?? result.stages;
  const graded = new Set(result.stages.map((stage) => stage.id));
  const lastGraded = Math.max(...lab.map((stage, i) => (graded.has(stage.id) ? i : -1)));
  const ungraded = lab.map((stage, i) => ({ ...stage, number: i + 1 })).filter((s) => !graded.has(s.id));
  if (ungraded.length === 0) return INDENT + c.green('✔ Every stage passes: the lab is complete.');
  const next = ungraded.find((stage) => stage.number > lastGraded + 1) ?? ungraded[0];
  return `${INDENT}Next: stage ${next.number}, ${oneLine(next.title)} (${commandWith(opts, `--stage ${next.id}`)})`;
}
