import {
  RESULT_VERSION,
  type GradeResult,
  type StageResult,
  type TestResult,
} from '../../../runner/grading/result';
import { FAKE_PROVENANCE } from './result-fixtures';

/** Small results built in tests: a test, a stage of tests (hints kept only when it fails), a grade of stages. */

export function test(name: string, status: 'pass' | 'fail', maxPoints: number, message?: string): TestResult {
  return {
    name,
    status,
    points: status === 'pass' ? maxPoints : 0,
    maxPoints,
    message,
    durationMs: 10,
    hidden: false,
  };
}

export function stage(id: string, title: string, tests: TestResult[], hints: string[] = []): StageResult {
  const score = tests.reduce((sum, t) => sum + t.points, 0);
  const failed = tests.some((t) => t.status === 'fail');
  return {
    id,
    title,
    status: failed ? 'fail' : 'pass',
    score,
    maxScore: 20,
    tests,
    hints: failed ? hints : [],
    durationMs: 100,
  };
}

export function result(stages: StageResult[], score: number): GradeResult {
  return {
    version: RESULT_VERSION,
    lab: 'login-system',
    runId: 'r-1',
    status: stages.every((s) => s.status === 'pass') ? 'pass' : 'fail',
    score,
    maxScore: 100,
    stages,
    appLog: '',
    timings: { images: 0, services: 0, install: 0, appStart: 0, tests: 0, teardown: 0 },
    startedAt: '2026-03-02T10:00:00.000Z',
    finishedAt: '2026-03-02T10:00:05.000Z',
    provenance: FAKE_PROVENANCE,
  };
}
