import path from 'node:path';
import { silentProgress } from '../../../runner/common/progress';
import {
  dockerGrader,
  formatValidation,
  validateLab,
  validationExitCode,
  type ValidationReport,
} from '../../../runner/authoring';
import { LABEL } from '../../../runner/docker/labels';
import { realDocker } from '../../support/docker';

/**
 * The full validation of the express-mysql template on the real engine: two solution runs (so
 * flakiness is checked), the starter, its known answers, the standard HTTP faults through the
 * fault proxy, and its own mutation.
 */
const docker = realDocker();
const template = path.resolve(__dirname, '../../../templates/express-mysql');
let report: ValidationReport;

beforeAll(async () => {
  report = await validateLab(
    { progress: silentProgress, grader: async (lab) => dockerGrader({ docker }, lab) },
    { labDir: template, runs: 2 },
  );
}, 900_000);

describe('backlab validate templates/express-mysql (everything)', () => {
  test('is valid: exit 0 with no problem at all', () => {
    expect(formatValidation(report)).toContain('✔ express-mysql is valid.');
    expect(report.problems).toEqual([]);
    expect(validationExitCode(report)).toBe(0);
  });

  test('graded the solution twice at full marks with hidden tests, and found no flaky test', () => {
    expect(report.solution?.runs).toEqual([
      { status: 'pass', score: 100, maxScore: 100 },
      { status: 'pass', score: 100, maxScore: 100 },
    ]);
    expect(report.solution?.flaky).toEqual([]);
    expect(report.skipped).toEqual([]);
  });

  test('the starter passes no stage; known answers grade as recorded', () => {
    expect(report.starter).toEqual({ status: 'fail', score: 0, maxScore: 100, stagesPassed: [] });
    expect(report.knownAnswers.map((k) => [k.name, k.got.status, k.got.score, k.mismatch])).toEqual([
      ['no-404', 'fail', 83.33, undefined],
      ['starter', 'fail', 0, undefined],
    ]);
  });

  test('the tests catch every fault they provoke; auth and cookie faults are not exercised by a lab without them', () => {
    expect(report.mutations.map((m) => [m.name, m.verdict])).toEqual([
      ['denied-as-ok', 'not-exercised'],
      ['not-found-as-ok', 'caught'],
      ['json-field-dropped', 'caught'],
      ['cookie-removed', 'not-exercised'],
      ['write-not-forwarded', 'caught'],
      ['no-title-check', 'caught'],
    ]);
    const applied = Object.fromEntries(
      report.mutations.filter((m) => m.kind === 'http-fault').map((m) => [m.name, m.applied]),
    );
    expect(applied['denied-as-ok']).toBe(0);
    expect(applied['not-found-as-ok']).toBeGreaterThan(0);
    expect(applied['write-not-forwarded']).toBeGreaterThan(0);
  });

  test('reports how long each stage of the solution took', () => {
    expect(report.timings.map((t) => t.stage)).toEqual(['create-notes', 'read-notes']);
    for (const t of report.timings) {
      expect(t.durationsMs).toHaveLength(2);
      expect(t.slowestMs).toBeGreaterThan(0);
    }
  });

  test('left no container of its runs behind', async () => {
    const containers = await docker.listContainers({ [LABEL.managed]: '1', [LABEL.lifetime]: 'run' });
    expect(
      containers.filter(
        (c) => c.labels[LABEL.workspace]?.includes('express-mysql') || c.name.includes('fault-proxy'),
      ),
    ).toEqual([]);
  });
});
