import { RESULT_VERSION, type GradeResult } from '../../../runner/grading/result';
import { infrastructureCause } from '../../../runner/server/grading/infrastructure-cause';
import { FAKE_PROVENANCE } from '../reporters/result-fixtures';

const errorResult = (error: GradeResult['error']): GradeResult => ({
  version: RESULT_VERSION,
  lab: 'login-system',
  runId: 'r-1',
  status: 'error',
  score: 0,
  maxScore: 100,
  stages: [],
  error,
  appLog: '',
  timings: { images: 0, services: 0, install: 0, appStart: 0, tests: 0, teardown: 0 },
  startedAt: '2026-11-21T00:00:00.000Z',
  finishedAt: '2026-11-21T00:00:01.000Z',
  provenance: FAKE_PROVENANCE,
});

describe('infrastructureCause', () => {
  it("follows the engine's cause: a refused learner nginx config is theirs, even in the services phase", () => {
    expect(
      infrastructureCause(
        errorResult({ phase: 'services', message: 'unknown directive', cause: 'submission' }),
      ),
    ).toBeUndefined();
    expect(
      infrastructureCause(
        errorResult({ phase: 'install', message: 'Docker went away', cause: 'infrastructure' }),
      ),
    ).toBe('install: Docker went away');
  });

  it('treats a limit of the grading sandbox as final: retrying would meet the same limit', () => {
    expect(
      infrastructureCause(
        errorResult({ phase: 'install', message: 'postinstall downloads from github.com', cause: 'sandbox' }),
      ),
    ).toBeUndefined();
  });

  it('falls back to the phase for results without a cause', () => {
    expect(infrastructureCause(errorResult({ phase: 'images', message: 'image missing' }))).toBe(
      'images: image missing',
    );
    expect(infrastructureCause(errorResult({ phase: 'appStart', message: 'exited' }))).toBeUndefined();
  });
});
