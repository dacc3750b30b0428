import type { LabStage } from '../lab';
import type { ParsedStage } from './jest-report';
import type { StageResult } from './result';

/**
 * A stage's points are shared equally by the tests that ran (visible, plus hidden when graded
 * with them). A stage whose every test passed earns its points exactly, never 19.99 of 20.
 */
export function scoreStage(stage: LabStage, parsed: ParsedStage, durationMs: number): StageResult {
  const share = parsed.tests.length ? stage.points / parsed.tests.length : 0;
  const tests = parsed.tests.map((t) => ({
    ...t,
    points: t.status === 'pass' ? round(share) : 0,
    maxPoints: round(share),
  }));
  const passed = tests.filter((t) => t.status === 'pass').length;
  const allPassed = tests.length > 0 && passed === tests.length && parsed.suiteErrors.length === 0;
  const error = parsed.suiteErrors.length
    ? parsed.suiteErrors.join('\n\n')
    : tests.length === 0
      ? 'the stage has no tests'
      : undefined;
  return {
    id: stage.id,
    title: stage.title,
    status: error ? 'error' : allPassed ? 'pass' : 'fail',
    score: allPassed ? stage.points : round(passed * share),
    maxScore: stage.points,
    tests,
    hints: allPassed ? [] : stage.hints,
    error,
    durationMs,
  };
}

/** A stage that could not run: counted as 0 points, with the reason. */
export function unscoredStage(stage: LabStage, status: 'fail' | 'error', reason: string): StageResult {
  return {
    id: stage.id,
    title: stage.title,
    status,
    score: 0,
    maxScore: stage.points,
    tests: [],
    hints: stage.hints,
    error: reason,
    durationMs: 0,
  };
}

export function round(points: number): number {
  return Math.round(points * 100) / 100;
}
