import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { knownAnswerFolder, readKnownAnswers } from '../../../runner/authoring';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

/**
 * The ecommerce-api lab on the real engine: an Express app on MongoDB, graded stage by stage.
 * Where the official mongo image is missing (as on the machines this project is built on), the
 * MongoDB service is backlab's stand-in, so these checks hold against the stand-in there.
 * Needs `npm run build` and the backlab images.
 */
const docker = realDocker();
const LAB_DIR = path.resolve(__dirname, '../../../labs/ecommerce-api');
let lab: Lab;

beforeAll(async () => {
  const loaded = await loadLab(LAB_DIR);
  if (!loaded.ok) throw new Error(`labs/ecommerce-api does not load: ${JSON.stringify(loaded.errors)}`);
  lab = loaded.lab;
});

interface Graded {
  result: GradeResult;
  /** What the progress said about the MongoDB service, e.g. "MongoDB stand-in (not MongoDB) ready (…)". */
  mongodbLine: string;
}

async function gradeFolder(folder: string, opts: { hidden?: boolean; stageIds?: string[] } = {}): Promise<Graded> {
  const runDir = await mkdtemp(path.join(tmpdir(), 'backlab-ecommerce-lab-'));
  const progress = recordingProgress();
  try {
    const result = await grade(
      { docker, progress },
      { lab, submissionDir: folder, hidden: opts.hidden ?? false, stageIds: opts.stageIds, workspace: 'test-ecommerce-api', runDir },
    );
    expect(await leftovers(docker, result.runId)).toEqual([]);
    return { result, mongodbLine: progress.lines.find((l) => l.startsWith('ok Starting MongoDB')) ?? '(no MongoDB line)' };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

async function gradeKnownAnswer(name: string, stageIds: string[]): Promise<GradeResult> {
  const { answers } = await readKnownAnswers(lab);
  const answer = answers.find((a) => a.name === name);
  if (!answer) throw new Error(`no known answer ${name} in labs/ecommerce-api/submissions`);
  const folder = await knownAnswerFolder(lab, answer);
  try {
    return (await gradeFolder(folder.dir, { stageIds })).result;
  } finally {
    await folder.dispose();
  }
}

function failures(result: GradeResult): string[] {
  return result.stages.flatMap((s) => s.tests.filter((t) => t.status === 'fail').map((t) => `${t.name}: ${t.message}`));
}

describe('labs/ecommerce-api (real Docker; MongoDB checks run against the backlab stand-in where the official image is missing)', () => {
  test('the solution passes every visible and hidden test, 100/100, on the stand-in or MongoDB itself', async () => {
    const { result, mongodbLine } = await gradeFolder(lab.solutionDir, { hidden: true });
    expect(result.error?.message).toBeUndefined();
    expect(mongodbLine).toMatch(/: MongoDB stand-in \(not MongoDB\) ready|: MongoDB ready \(MongoDB \d/);
    expect(failures(result)).toEqual([]);
    expect(result).toMatchObject({ status: 'pass', score: 100, maxScore: 100 });
    expect(result.stages.map((s) => [s.id, s.tests.some((t) => t.hidden)])).toEqual([
      ['catalogue', true],
      ['admin-products', true],
      ['cart', false],
      ['checkout', true],
      ['last-item', true],
      ['payments', true],
    ]);
  }, 150_000);

  test('a read-then-write stock decrement sells the last unit several times: every last-item test fails', async () => {
    const result = await gradeKnownAnswer('read-then-write-stock', ['last-item']);
    expect(result.error?.message).toBeUndefined();
    expect(result).toMatchObject({ status: 'fail', score: 0, maxScore: 15 });
    const messages = failures(result);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/10 simultaneous POST \/api\/checkout for the last unit \(round [1-3] of 3\): expected 1 × 201 and 9 × 409, got [2-9]\d* × 201/);
    expect(messages[0]).toContain('check and take the stock in one conditional update');
    expect(messages[1]).toMatch(/expected stock 0 and 1 order holding it, got stock -\d+ and \d+ orders/);
  }, 90_000);

  test('payments that ignore the Idempotency-Key fail both retry tests: 2 of 6 payments tests fail', async () => {
    const result = await gradeKnownAnswer('payments-without-idempotency', ['payments']);
    expect(result.error?.message).toBeUndefined();
    expect(result).toMatchObject({ status: 'fail', score: 10, maxScore: 15 });
    const messages = failures(result);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/a retry with the same key .*: POST \/api\/orders\/:id\/pay again with the same Idempotency-Key .*expected status 200, got 409/);
    expect(messages[1]).toMatch(/6 simultaneous POST \/api\/orders\/:id\/pay with one Idempotency-Key: expected one 201 and five 200, got (\d{3}, ){5}\d{3}$/);
  }, 90_000);
});
