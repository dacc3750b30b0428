import { stripAnsi } from '../common/plain-text';
import type { Progress } from '../common/progress';
import { describePhase } from '../grading/reporters/phases';
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

/** One way a grade differs from its known answer. */
export interface OutcomeDifference {
  /** The field of expected.json that does not hold: "status", "failing.login", "error.cause". */
  path: string;
  message: string;
}

/** Scores are sums of fractions of points: equal within a hundredth. */
const SCORE_TOLERANCE = 0.01;
/** Beyond this, more differing tests say the same thing: the lab or the submission changed a lot. */
const MAX_TEST_DIFFERENCES = 8;

/** The submission folder of a known answer: its files over a copy of `from`. */
export function knownAnswerFolder(lab: Lab, answer: KnownAnswer): Promise<MaterialisedFolder> {
  const { from, remove } = answer.expected;
  const base = from === 'solution' ? lab.solutionDir : from === 'starter' ? lab.starterDir : undefined;
  return materialiseOverlay({ base, overlay: answer.dir, skip: [EXPECTED_FILE], remove });
}

/** Why `result` is not the recorded outcome, every difference in one line; undefined when it is. */
export function outcomeMismatch(expected: ExpectedOutcome, result: GradeResult): string | undefined {
  return oneLine(outcomeDifferences(expected, result));
}

function oneLine(differences: readonly OutcomeDifference[]): string | undefined {
  return differences.length ? differences.map((d) => d.message).join('; ') : undefined;
}

/** Every way `result` differs from the recorded outcome: status, score, the run's error, each test. */
export function outcomeDifferences(expected: ExpectedOutcome, result: GradeResult): OutcomeDifference[] {
  const differences: OutcomeDifference[] = [];
  const got = `${result.status} ${result.score}/${result.maxScore}`;
  if (result.status !== expected.status) {
    differences.push({
      path: 'status',
      message: `graded ${got}${describeGrade(result)} but is recorded as ${expected.status}`,
    });
  } else if (expected.score !== null && Math.abs(result.score - expected.score) > SCORE_TOLERANCE) {
    differences.push({
      path: 'score',
      message: `scored ${result.score}/${result.maxScore} but is recorded as ${expected.score}/${result.maxScore}`,
    });
  }
  differences.push(...errorDifferences(expected, result), ...testDifferences(expected, result));
  return differences;
}

/** Where the run stopped and whose failure it was, when both the record and the grade say it stopped. */
function errorDifferences(expected: ExpectedOutcome, result: GradeResult): OutcomeDifference[] {
  const want = expected.error;
  const got = result.error;
  if (!want || result.status !== 'error') return [];
  if (!got) {
    return [
      {
        path: 'error',
        message: `the run did not stop${describeGrade(result)} but is recorded as stopping while ${describePhase(want.phase)}`,
      },
    ];
  }
  const differences: OutcomeDifference[] = [];
  if (got.phase !== want.phase) {
    differences.push({
      path: 'error.phase',
      message: `stopped while ${describePhase(got.phase)} (${got.phase}) but is recorded as ${want.phase}`,
    });
  }
  if (got.cause !== want.cause) {
    differences.push({
      path: 'error.cause',
      message: `the cause is ${got.cause ?? 'not given'} but is recorded as ${want.cause}`,
    });
  }
  if (want.message !== undefined && !new RegExp(want.message).test(got.message)) {
    differences.push({
      path: 'error.message',
      message: `the error message ${JSON.stringify(firstLine(got.message))} does not match /${want.message}/`,
    });
  }
  return differences;
}

/** Each test whose outcome is not the recorded one, and each recorded failing test that did not run. */
function testDifferences(expected: ExpectedOutcome, result: GradeResult): OutcomeDifference[] {
  const recorded = expected.failing ?? {};
  const differences: OutcomeDifference[] = [];
  for (const stage of result.stages) {
    const listed = new Set(recorded[stage.id] ?? []);
    const path = `failing.${stage.id}`;
    for (const test of stage.tests) {
      const id = JSON.stringify(`${stage.id} › ${test.name}`);
      if (test.status === 'fail' && !listed.has(test.name)) {
        const why = test.message ? ` (${firstLine(test.message)})` : '';
        differences.push({ path, message: `test ${id} failed${why} but is not recorded as failing` });
      }
      if (test.status === 'pass' && listed.has(test.name))
        differences.push({ path, message: `test ${id} passed but is recorded as failing` });
      listed.delete(test.name);
    }
    for (const name of listed) {
      const id = JSON.stringify(`${stage.id} › ${name}`);
      differences.push({ path, message: `test ${id} is recorded as failing but did not run` });
    }
  }
  // A run that stopped explains its missing stages through its status and error.
  if (!result.error) {
    const ran = new Set(result.stages.map((s) => s.id));
    for (const stageId of Object.keys(recorded).filter((id) => !ran.has(id))) {
      differences.push({
        path: `failing.${stageId}`,
        message: `stage ${JSON.stringify(stageId)} has tests recorded as failing but did not run`,
      });
    }
  }
  if (differences.length <= MAX_TEST_DIFFERENCES) return differences;
  const more = differences.length - MAX_TEST_DIFFERENCES;
  return [
    ...differences.slice(0, MAX_TEST_DIFFERENCES),
    { path: 'failing', message: `… and ${more} more tests differ from the record` },
  ];
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
  for (const [index, answer] of answers.entries()) {
    const folder = await knownAnswerFolder(lab, answer);
    const title = `Known answer ${index + 1}/${answers.length} (${answer.name})`;
    let result: GradeResult;
    try {
      ({ result } = await runJob(grader, { title, folder: folder.dir, hidden: false }, progress));
    } finally {
      await folder.dispose();
    }
    const differences = outcomeDifferences(answer.expected, result);
    const mismatch = oneLine(differences);
    outcomes.push({
      name: answer.name,
      expected: { status: answer.expected.status, score: answer.expected.score },
      got: { status: result.status, score: result.score, maxScore: result.maxScore },
      ...(mismatch ? { mismatch } : {}),
    });
    for (const difference of differences) {
      problems.push(
        errorOf('known-answers', {
          file: answer.file,
          path: difference.path,
          message: difference.message,
          fix: 'fix the tests or the submission; if the lab changed on purpose, record the new outcome in expected.json',
        }),
      );
    }
  }
  return { outcomes, problems };
}

function describeGrade(result: GradeResult): string {
  if (result.error) return ` (${result.error.phase}: ${firstLine(result.error.message)})`;
  const failing = result.stages
    .filter((s) => s.status !== 'pass')
    .map((s) => `${s.id} ${failedTests(result, s.id)}`);
  return failing.length ? ` (${failing.join('; ')})` : '';
}

/** Enough of a message to recognise it: its first line, without colours, at most 120 characters. */
function firstLine(text: string): string {
  const line = stripAnsi(text).trim().split('\n')[0];
  return line.length > 120 ? `${line.slice(0, 119)}…` : line;
}
