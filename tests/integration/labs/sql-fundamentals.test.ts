import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { knownAnswerFolder, readKnownAnswers } from '../../../runner/authoring';
import { silentProgress } from '../../../runner/common/progress';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { leftovers, realDocker } from '../../support/docker';

/**
 * The sql-fundamentals lab on the real engine: MySQL with the shop schema and seed, no app, the
 * learner's .sql files run by the lab's suites. Needs `npm run build` and the backlab images.
 */
const docker = realDocker();
const LAB_DIR = path.resolve(__dirname, '../../../labs/sql-fundamentals');
let lab: Lab;

beforeAll(async () => {
  const loaded = await loadLab(LAB_DIR);
  if (!loaded.ok) throw new Error(`labs/sql-fundamentals does not load: ${JSON.stringify(loaded.errors)}`);
  lab = loaded.lab;
});

async function gradeFolder(
  folder: string,
  opts: { hidden?: boolean; stageIds?: string[] } = {},
): Promise<GradeResult> {
  const runDir = await mkdtemp(path.join(tmpdir(), 'backlab-sql-lab-'));
  try {
    const result = await grade(
      { docker, progress: silentProgress },
      {
        lab,
        submissionDir: folder,
        hidden: opts.hidden ?? false,
        stageIds: opts.stageIds,
        workspace: 'test-sql-fundamentals',
        runDir,
      },
    );
    expect(await leftovers(docker, result.runId)).toEqual([]);
    return result;
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

async function gradeKnownAnswer(name: string, stageIds: string[]): Promise<GradeResult> {
  const { answers } = await readKnownAnswers(lab);
  const answer = answers.find((a) => a.name === name);
  if (!answer) throw new Error(`no known answer ${name} in labs/sql-fundamentals/submissions`);
  const folder = await knownAnswerFolder(lab, answer);
  try {
    return await gradeFolder(folder.dir, { stageIds });
  } finally {
    await folder.dispose();
  }
}

function failures(result: GradeResult): string[] {
  return result.stages.flatMap((s) =>
    s.tests.filter((t) => t.status === 'fail').map((t) => `${t.name}: ${t.message}`),
  );
}

describe('labs/sql-fundamentals (real Docker)', () => {
  test('the lab has no app, and the solution passes every visible and hidden test: 100/100', async () => {
    expect(lab.app).toBeUndefined();
    const result = await gradeFolder(lab.solutionDir, { hidden: true });
    expect(failures(result)).toEqual([]);
    expect(result).toMatchObject({ status: 'pass', score: 100, maxScore: 100 });
    expect(result.stages.filter((s) => s.tests.some((t) => t.hidden)).map((s) => s.id)).toEqual([
      'select',
      'joins',
      'aggregates',
      'transaction',
    ]);
  }, 90_000);

  test('the starter fails every test, naming the file that is still empty', async () => {
    const result = await gradeFolder(lab.starterDir);
    expect(result).toMatchObject({ status: 'fail', score: 0 });
    const messages = failures(result);
    expect(messages).toHaveLength(9);
    expect(messages[0]).toContain(
      'queries/01-customers-in-lyon.sql has no SQL statement yet (only comments).',
    );
    expect(messages.at(-1)).toMatch(
      /EXPLAIN SELECT .* shows type ALL, key NULL, about \d+ rows read: there is no index of yours/,
    );
  }, 90_000);

  test('a JOIN where a LEFT JOIN is needed fails the join stage, showing expected and actual rows', async () => {
    const result = await gradeKnownAnswer('wrong-join', ['joins']);
    expect(result).toMatchObject({ status: 'fail', score: 12.5, maxScore: 25 });
    const [message, ...others] = failures(result);
    expect(others).toEqual([]);
    expect(message).toContain('queries/03-customers-without-orders.sql: expected 9 rows, got 0 rows');
    expect(message).toContain('8 | chloe.garnier@example.com');
  }, 60_000);

  test('an index the query cannot use fails the index stage on the EXPLAIN test', async () => {
    const result = await gradeKnownAnswer('index-on-status', ['index']);
    expect(result).toMatchObject({ status: 'fail', score: 10, maxScore: 20 });
    expect(failures(result)).toEqual([
      expect.stringMatching(
        /EXPLAIN SELECT .* shows type ALL, key NULL, about \d+ rows read: your index idx_orders_status is not used/,
      ),
    ]);
  }, 60_000);
});
