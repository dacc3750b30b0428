import type { Progress } from '../common/progress';
import type { GradeResult } from '../grading/result';
import type { Lab } from '../lab';
import { failedTests } from './check-starter';
import { runJob, type Grader } from './grade-job';
import { EXPECTED_FILE, type ExpectedOutcome, type KnownAnswer } from './known-answer';
import { materialiseOverlay, type MaterialisedFolder } from './overlay';
import { errorOf, type ValidationProblem } from './validation-problem';

export interface KnownAnswerOutcome {
  name: string;
  expected: { status: ExpectedOutcome['status']; score: number | null };
  got: { status: GradeResult['status']; score: number; maxScore: number };
  /** Why it differs; absent when it graded as recorded. */
  mismatch?: string;
}

/** Scores are sums of fractions of points: equal within a hundredth. */
const SCORE_TOLERANCE = 0.01;

/** The submission folder of a known answer: its files over a copy of `from`. */
export function knownAnswerFolder(lab: Lab, answer: KnownAnswer): Promise<MaterialisedFolder> {
  const { from, remove } = answer.expected;
  const base = from === 'solution' ? lab.solutionDir : from === 'starter' ? lab.starterDir : undefined;
  return materialiseOverlay({ base, overlay: answer.dir, skip: [EXPECTED_FILE], remove });
}

/** Why `result` is not the recorded outcome, or undefined when it is. */
export function outcomeMismatch(expected: ExpectedOutcome, result: GradeResult): string | undefined {
  const statusDiffers = result.status !== expected.status;
  const scoreDiffers = expected.score !== null && Math.abs(result.score - expected.score) > SCORE_TOLERANCE;
  if (!statusDiffers && !scoreDiffers) return undefined;
  const want = `${expected.status}${expected.score === null ? '' : ` ${expected.score}/${result.maxScore}`}`;
  const got = `${result.status} ${result.score}/${result.maxScore}`;
  return `expected ${want}, graded ${got}${describeGrade(result)}`;
}

/** Every known answer graded on the visible tests, as a learner's submission would be. */
export async function checkKnownAnswers(
  lab: Lab,
  answers: readonly KnownAnswer[],
  grader: Grader,
  progress: Progress,
): Promise<{ outcomes: KnownAnswerOutcome[]; problems: ValidationProblem[] }> {
  const outcomes: KnownAnswerOutcome[] = [];
  const problems: ValidationProblem[] = [];
  for (const answer of answers) {
    const folder = await knownAnswerFolder(lab, answer);
    let result: GradeResult;
    try {
      ({ result } = await runJob(
        grader,
        { title: `Known answer ${answer.name}`, folder: folder.dir, hidden: false },
        progress,
      ));
    } finally {
      await folder.dispose();
    }
    const mismatch = outcomeMismatch(answer.expected, result);
    outcomes.push({
      name: answer.name,
      expected: { status: answer.expected.status, score: answer.expected.score },
      got: { status: result.status, score: result.score, maxScore: result.maxScore },
      ...(mismatch ? { mismatch } : {}),
    });
    if (mismatch) {
      problems.push(
        errorOf('known-answers', {
          file: answer.file,
          path: result.status !== answer.expected.status ? 'status' : 'score',
          message: mismatch,
          fix: 'fix the tests or the submission; if the lab changed on purpose, record the new outcome in expected.json',
        }),
      );
    }
  }
  return { outcomes, problems };
}

function describeGrade(result: GradeResult): string {
  if (result.error) return ` (${result.error.phase}: ${result.error.message.split('\n')[0]})`;
  const failing = result.stages
    .filter((s) => s.status !== 'pass')
    .map((s) => `${s.id} ${failedTests(result, s.id)}`);
  return failing.length ? ` (${failing.join('; ')})` : '';
}
