import type { GradeResult, StageResult, TestResult } from '../result';
import { elapsedMs } from './elapsed';
import { failureLines } from './failure-message';
import { describePhase, SANDBOX_NOTE } from './phases';
import { formatPoints, lastLines, toPlainText } from './plain-text';

/**
 * Gradescope's autograder results.json (gradescope-autograders.readthedocs.io, "Autograder
 * Specifications"). Only the fields backlab fills are declared.
 */
export interface GradescopeResults {
  /** Points earned; given explicitly, it overrides the sum of the tests' scores. */
  score: number;
  /** Seconds the run took. */
  execution_time: number;
  /** Text about the whole submission, shown above the tests. */
  output: string;
  tests: GradescopeTest[];
  /** Stored with the submission, shown to no one: what produced the grade. */
  extra_data: { provenance: GradeResult['provenance'] };
}

export interface GradescopeTest {
  /** "stage.test", e.g. "2.1"; Gradescope orders and labels tests by it. */
  number: string;
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  output?: string;
  /** Hidden tests stay out of the learner's view until the instructor publishes grades. */
  visibility: 'visible' | 'after_published';
}

const APP_LOG_LINES = 15;

export function formatGradescope(result: GradeResult): string {
  return `${JSON.stringify(gradescopeResults(result), null, 2)}\n`;
}

export function gradescopeResults(result: GradeResult): GradescopeResults {
  const execution_time = Math.round(elapsedMs(result) / 1000);
  const extra_data = { provenance: result.provenance };
  if (result.status === 'error') {
    return { score: 0, execution_time, output: errorOutput(result), tests: [], extra_data };
  }
  return {
    score: result.score,
    execution_time,
    output: summaryOutput(result),
    tests: result.stages.flatMap((stage, i) => stageTests(stage, i + 1)),
    extra_data,
  };
}

function stageTests(stage: StageResult, stageNumber: number): GradescopeTest[] {
  const tests: GradescopeTest[] = stage.tests.map((test, i) => ({
    number: `${stageNumber}.${i + 1}`,
    name: `${stage.title} › ${test.name}`,
    score: test.points,
    max_score: test.maxPoints,
    status: test.status === 'pass' ? 'passed' : 'failed',
    ...(test.status === 'fail' ? { output: withHints(failureText(test), stage.hints) } : {}),
    visibility: test.hidden ? 'after_published' : 'visible',
  }));
  if (stage.error) {
    // The points no test accounts for (the suite never got to them) go to this entry, so the
    // tests' max_score still adds up to the stage's points.
    const sum = (pick: (test: TestResult) => number) =>
      stage.tests.reduce((total, test) => total + pick(test), 0);
    tests.push({
      number: `${stageNumber}.${stage.tests.length + 1}`,
      name: `${stage.title} › could not be graded`,
      score: Math.max(0, stage.score - sum((test) => test.points)),
      max_score: Math.max(0, stage.maxScore - sum((test) => test.maxPoints)),
      status: 'failed',
      output: withHints(toPlainText(stage.error).trim(), stage.hints),
      visibility: 'visible',
    });
  }
  return tests;
}

/** The whole reason, as the terminal shows a stage's first failure: Gradescope's output has room. */
function failureText(test: TestResult): string {
  return failureLines(test.message ?? '').join('\n');
}

function withHints(text: string, hints: string[]): string {
  const hintLines = hints.map((hint) => `Hint: ${hint}`).join('\n');
  return [text, hintLines].filter(Boolean).join('\n\n');
}

function summaryOutput(result: GradeResult): string {
  const lines = result.stages.map((stage, i) => {
    const passed = stage.tests.filter((test) => test.status === 'pass').length;
    const outcome = stage.error
      ? `could not be graded: ${toPlainText(stage.error).trim().split('\n')[0]}`
      : `${passed} of ${stage.tests.length} tests passed`;
    return `Stage ${i + 1} · ${stage.title}: ${formatPoints(stage.score)}/${formatPoints(stage.maxScore)}, ${outcome}`;
  });
  return [`Score ${formatPoints(result.score)}/${formatPoints(result.maxScore)}`, ...lines].join('\n');
}

/** Why there is no score: the run stopped, or a stage's suites could not be run to the end. */
function errorOutput(result: GradeResult): string {
  const { error } = result;
  const why = error
    ? [
        error.cause === 'sandbox'
          ? `This submission could not be graded: it met a limit of the grading sandbox while ${describePhase(error.phase)}. ${SANDBOX_NOTE}`
          : `This submission could not be graded: grading stopped while ${describePhase(error.phase)}.`,
        toPlainText(error.message).trim(),
      ]
    : [
        'This submission could not be graded:',
        ...result.stages
          .filter((stage) => stage.error)
          .map(
            (stage) => `stage "${stage.title}" could not be graded: ${toPlainText(stage.error ?? '').trim()}`,
          ),
      ];
  const parts = [why.join('\n')];
  if (error?.hint) parts.push(`Next step: ${error.hint}`);
  const log = lastLines(toPlainText(result.appLog), APP_LOG_LINES);
  if (log.length > 0) parts.push(`App log (last lines):\n${log.join('\n')}`);
  return parts.join('\n\n');
}
