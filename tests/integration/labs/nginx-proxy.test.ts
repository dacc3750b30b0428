import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { knownAnswerFolder, outcomeMismatch, readKnownAnswers } from '../../../runner/authoring';
import { silentProgress } from '../../../runner/common/progress';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { leftovers, realDocker } from '../../support/docker';

/**
 * The nginx-proxy lab on the real engine: the lab's app twice, nginx with the learner's
 * configuration and public/ folder, and the lab's suites. Needs `npm run build` (the test runner
 * uses the compiled kit) and the backlab images.
 */
const docker = realDocker();
const LAB_DIR = path.resolve(__dirname, '../../../labs/nginx-proxy');
let lab: Lab;

beforeAll(async () => {
  const loaded = await loadLab(LAB_DIR);
  if (!loaded.ok) throw new Error(`labs/nginx-proxy does not load: ${JSON.stringify(loaded.errors)}`);
  lab = loaded.lab;
});

async function gradeFolder(
  folder: string,
  opts: { hidden?: boolean; stageIds?: string[] } = {},
): Promise<GradeResult> {
  const runDir = await mkdtemp(path.join(tmpdir(), 'backlab-nginx-lab-'));
  try {
    const result = await grade(
      { docker, progress: silentProgress },
      {
        lab,
        submissionDir: folder,
        hidden: opts.hidden ?? false,
        stageIds: opts.stageIds,
        workspace: 'test-nginx-proxy',
        runDir,
      },
    );
    expect(await leftovers(docker, result.runId)).toEqual([]);
    return result;
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

/** Grades a known answer of the lab (its files over a copy of the solution or starter). */
async function gradeKnownAnswer(name: string, opts: { stageIds?: string[] } = {}): Promise<GradeResult> {
  const { answers } = await readKnownAnswers(lab);
  const answer = answers.find((a) => a.name === name);
  if (!answer) throw new Error(`no known answer ${name} in labs/nginx-proxy/submissions`);
  const folder = await knownAnswerFolder(lab, answer);
  try {
    const result = await gradeFolder(folder.dir, opts);
    if (!opts.stageIds) expect(outcomeMismatch(answer.expected, result)).toBeUndefined();
    return result;
  } finally {
    await folder.dispose();
  }
}

function failures(result: GradeResult): string[] {
  return result.stages.flatMap((s) =>
    s.tests.filter((t) => t.status === 'fail').map((t) => `${s.id}: ${t.name}: ${t.message}`),
  );
}

describe('labs/nginx-proxy (real Docker)', () => {
  test('the solution passes every visible and hidden test: 100/100', async () => {
    const result = await gradeFolder(lab.solutionDir, { hidden: true });
    expect(failures(result)).toEqual([]);
    expect(result).toMatchObject({ status: 'pass', score: 100, maxScore: 100 });
    expect(result.stages.every((s) => s.tests.some((t) => t.hidden))).toBe(true);
  }, 120_000);

  test('the starter fails every stage, each test saying what nginx answered instead', async () => {
    const result = await gradeFolder(lab.starterDir);
    expect(result).toMatchObject({ status: 'fail', score: 0 });
    expect(result.stages.map((s) => s.status)).toEqual(lab.stages.map(() => 'fail'));
    const messages = result.stages.flatMap((s) => s.tests.map((t) => t.message ?? ''));
    expect(messages.length).toBeGreaterThanOrEqual(15);
    // The placeholder 501 is named in every message, with the request that got it.
    for (const message of messages) expect(message).toMatch(/\b501\b/);
    expect(messages[0]).toContain('GET /api/hello: expected an answer from the app');
  }, 120_000);

  test("an invalid configuration stops grading with nginx -t's own message and a hint for the learner", async () => {
    const result = await gradeKnownAnswer('invalid-directive');
    expect(result.status).toBe('error');
    expect(result.stages).toEqual([]);
    expect(result.error?.phase).toBe('services');
    expect(result.error?.message).toMatch(
      /\[emerg\] \d+#\d+: unknown directive "proxy_pas" in \/etc\/nginx\/conf\.d\/nginx\.conf:\d+\nnginx: configuration file \/etc\/nginx\/nginx\.conf test failed$/,
    );
    expect(result.error?.hint).toBe(
      'Fix nginx.conf at the line nginx names (/etc/nginx/conf.d/nginx.conf is your nginx.conf), then grade again.',
    );
  }, 60_000);

  test('without an upstream only app-1 answers: the load-balancing test fails and says so', async () => {
    const result = await gradeKnownAnswer('single-instance', { stageIds: ['load-balancing'] });
    expect(result).toMatchObject({ status: 'fail', score: 0, maxScore: 15 });
    expect(failures(result)).toEqual([
      expect.stringMatching(
        /^load-balancing: .*10 GET \/api\/hello were answered by app-1 ×10; app-2 never answered/,
      ),
    ]);
  }, 60_000);
});
