import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Lab, LabProblem } from '../lab';
import { MANIFEST_FILE } from '../lab';

/**
 * Rules a lab must follow to be published, beyond what the loader needs to run it: the loader
 * accepts a lab in progress, `backlab validate` holds it to these.
 */

/** Scores read as percentages only when the stages add up to this. */
export const TOTAL_POINTS = 100;
/** What the stage runner picks up (jest's testMatch in the test-runner container). */
const RUNNABLE_SUITE = /\.test\.[jt]s$/;
const BRIEF_FILE = 'README.md';

export async function authoringProblems(lab: Lab): Promise<{ errors: LabProblem[]; warnings: LabProblem[] }> {
  return {
    errors: [...pointsProblems(lab), ...hintProblems(lab), ...suiteNameProblems(lab)],
    warnings: await briefWarnings(lab),
  };
}

function pointsProblems(lab: Lab): LabProblem[] {
  if (lab.maxScore === TOTAL_POINTS) return [];
  const parts = lab.stages.map((s) => `${s.id} ${s.points}`).join(' + ');
  return [
    {
      file: MANIFEST_FILE,
      path: 'stages',
      message: `the stages' points add up to ${lab.maxScore} (${parts}), not ${TOTAL_POINTS}`,
      fix: `change the points so they total ${TOTAL_POINTS}; scores are then percentages`,
    },
  ];
}

function hintProblems(lab: Lab): LabProblem[] {
  return lab.stages.flatMap((stage, index) =>
    stage.hints.length > 0
      ? []
      : [
          {
            file: MANIFEST_FILE,
            path: `stages[${index}].hints`,
            message: `stage ${JSON.stringify(stage.id)} has no hints`,
            fix: 'add at least one hint: learners see them when the stage does not pass',
          },
        ],
  );
}

function suiteNameProblems(lab: Lab): LabProblem[] {
  return lab.stages.flatMap((stage, index) =>
    [
      ...stage.tests.map((file) => ({ file, key: 'tests' })),
      ...stage.hidden.map((file) => ({ file, key: 'hidden' })),
    ]
      .filter(({ file }) => !RUNNABLE_SUITE.test(file))
      .map(({ file, key }) => {
        const relative = path.relative(lab.dir, file).split(path.sep).join('/');
        return {
          file: MANIFEST_FILE,
          path: `stages[${index}].${key}`,
          message: `${JSON.stringify(relative)} is not run: suite files must end in .test.ts or .test.js`,
          fix: `rename it to ${JSON.stringify(relative.replace(/(\.[a-z]+)?\.[cm]?[jt]s$/, '.test.ts'))}`,
        };
      }),
  );
}

async function briefWarnings(lab: Lab): Promise<LabProblem[]> {
  try {
    await access(path.join(lab.dir, BRIEF_FILE));
    return [];
  } catch {
    return [
      {
        file: BRIEF_FILE,
        message: 'not found; it is the brief learners read first',
        fix: 'describe the task, the endpoints and how to run it',
      },
    ];
  }
}
