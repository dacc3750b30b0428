import {
  RESULT_VERSION,
  type ErrorCause,
  type GradeResult,
  type StageResult,
} from '../../../runner/grading/result';
import { FAKE_PROVENANCE } from '../reporters/result-fixtures';

/** Grade results built from a compact description: { stageId: { testName: 'pass' | 'fail' } }. */
export function fakeResult(
  stages: Record<string, Record<string, 'pass' | 'fail'>>,
  extra: Partial<GradeResult> = {},
): GradeResult {
  const stageResults: StageResult[] = Object.entries(stages).map(([id, tests]) => {
    const entries = Object.entries(tests);
    const share = entries.length ? 50 / entries.length : 0;
    const passed = entries.filter(([, status]) => status === 'pass').length;
    return {
      id,
      title: id,
      status: passed === entries.length ? 'pass' : 'fail',
      score: Math.round(passed * share * 100) / 100,
      maxScore: 50,
      tests: entries.map(([name, status]) => ({
        name,
        status,
        points: status === 'pass' ? share : 0,
        maxPoints: share,
        ...(status === 'fail' ? { message: `${name} failed` } : {}),
        durationMs: 5,
        hidden: false,
      })),
      hints: [],
      durationMs: 1000,
    };
  });
  const score = stageResults.reduce((sum, s) => sum + s.score, 0);
  const maxScore = stageResults.reduce((sum, s) => sum + s.maxScore, 0);
  return {
    version: RESULT_VERSION,
    lab: 'fake',
    runId: 'r-fake',
    status: stageResults.every((s) => s.status === 'pass') ? 'pass' : 'fail',
    score,
    maxScore,
    stages: stageResults,
    appLog: '',
    timings: { images: 0, services: 0, install: 0, appStart: 0, tests: 0, teardown: 0 },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    provenance: FAKE_PROVENANCE,
    ...extra,
  };
}

/** A result of a run that stopped while starting the app: by default the submission's failure. */
export function erroredResult(message: string, appLog = '', cause: ErrorCause = 'submission'): GradeResult {
  return fakeResult(
    {},
    { status: 'error', score: 0, maxScore: 100, error: { phase: 'appStart', message, cause }, appLog },
  );
}
