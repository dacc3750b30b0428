import type { Progress } from '../common/progress';
import type { GradeResult } from '../grading/result';
import type { Lab } from '../lab';
import { relativeFolder } from './check-solution';
import { runJob, type Grader } from './grade-job';
import { errorOf, type ValidationProblem } from './validation-problem';

export interface StarterCheck {
  result: GradeResult;
  problems: ValidationProblem[];
}

/**
 * The starter, graded on the visible tests, passes exactly the stages marked `starterPasses`
 * (a health check, say): a stage it passes unasked means its tests check nothing of the task.
 */
export async function checkStarter(lab: Lab, grader: Grader, progress: Progress): Promise<StarterCheck> {
  const { result } = await runJob(
    grader,
    { title: 'Grading the starter', folder: lab.starterDir, hidden: false },
    progress,
  );
  const problems = lab.stages.flatMap((stage, index): ValidationProblem[] => {
    const passed = result.stages.find((s) => s.id === stage.id)?.status === 'pass';
    if (passed === stage.starterPasses) return [];
    const at = { file: 'lab.yaml', path: `stages[${index}]` };
    if (passed) {
      return [
        errorOf('starter', {
          ...at,
          message: `the starter already passes stage ${JSON.stringify(stage.id)}, so its tests do not check the task`,
          fix: 'test what the learner has to build, or set `starterPasses: true` if passing it is intended',
        }),
      ];
    }
    const why = result.error
      ? `the starter could not be graded: ${result.error.message}`
      : `the starter fails it (${failedTests(result, stage.id)})`;
    return [
      errorOf('starter', {
        ...at,
        message: `stage ${JSON.stringify(stage.id)} is marked starterPasses, but ${why}`,
        fix: `make ${relativeFolder(lab, lab.starterDir)}/ pass it, or remove \`starterPasses: true\``,
      }),
    ];
  });
  return { result, problems };
}

export function failedTests(result: GradeResult, stageId: string, max = 3): string {
  const stage = result.stages.find((s) => s.id === stageId);
  if (!stage) return 'not run';
  if (stage.error) return stage.error;
  const failed = stage.tests.filter((t) => t.status === 'fail').map((t) => JSON.stringify(t.name));
  const more = failed.length > max ? ` and ${failed.length - max} more` : '';
  return failed.length ? `failed: ${failed.slice(0, max).join(', ')}${more}` : 'no test failed';
}
