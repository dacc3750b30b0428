import type { Progress } from '../../../runner/common/progress';
import type { GradeJob, GradeOutcome } from '../../../runner/authoring/grade-job';
import { validateLab } from '../../../runner/authoring/validate-lab';
import { fakeResult } from './fake-results';
import { scratchCopies } from './scratch-lab';

/** The progress of validate says which grade of how many is running, through the Progress interface. */

const labs = scratchCopies();
afterAll(() => labs.cleanup());

/** Every step a front end is shown, and how it ends. */
function recordingProgress(): { progress: Progress; steps: string[] } {
  const steps: string[] = [];
  const progress: Progress = {
    step(title) {
      steps.push(title);
      return {
        update() {},
        succeed: (detail) => steps.push(`  ✔ ${detail ?? ''}`),
        fail: (detail) => steps.push(`  ✘ ${detail ?? ''}`),
      };
    },
    info() {},
    warn() {},
  };
  return { progress, steps };
}

const passing = () => fakeResult({ 'create-notes': { saves: 'pass' }, 'read-notes': { lists: 'pass' } });
const failing = () => fakeResult({ 'create-notes': { saves: 'fail' }, 'read-notes': { lists: 'fail' } });

/** Solution and control runs pass; everything else fails, which is all this test needs. */
async function grade(job: GradeJob): Promise<GradeOutcome> {
  const passes = job.title.startsWith('Grading the solution') || job.fault === 'pass-through';
  const result = passes ? passing() : failing();
  return job.fault ? { result, faultStats: { fault: job.fault, requests: 4, applied: 1 } } : { result };
}

test('each grade is a step that names its place among the grades of its kind', async () => {
  const { progress, steps } = recordingProgress();
  await validateLab({ progress, grader: async () => grade }, { labDir: labs.copy('express-mysql'), runs: 3 });
  expect(steps.filter((step) => !step.startsWith(' '))).toEqual([
    'Grading the solution 1/3',
    'Grading the solution 2/3',
    'Grading the solution 3/3',
    'Grading the starter',
    'Known answer 1/2 (no-404)',
    'Known answer 2/2 (starter)',
    'Fault proxy control run (no fault)',
    'Fault 1/5 (denied-as-ok)',
    'Fault 2/5 (not-found-as-ok)',
    'Fault 3/5 (json-field-dropped)',
    'Fault 4/5 (cookie-removed)',
    'Fault 5/5 (write-not-forwarded)',
    'Mutation 1/1 (no-title-check)',
  ]);
  expect(steps.slice(0, 2)).toEqual(['Grading the solution 1/3', '  ✔ pass 100/100']);
});
