import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { leftovers, realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

/**
 * The learner corpus: complete projects written the way learners, tutorials and boilerplates
 * write them (nodemon, Babel, ts-node, tsx, Koa, ORMs, native bcrypt, apps in a subfolder,
 * settings in .env under boilerplate names, Mongoose…). Each folder in
 * tests/fixtures/learner-corpus records in expected.json the lab it implements and the outcome
 * it must get; every one is graded on the real engine with the hidden tests, and nothing of its
 * run may be left behind.
 */
const docker = realDocker();
const ROOT = path.resolve(__dirname, '../../..');
const CORPUS = path.join(ROOT, 'tests', 'fixtures', 'learner-corpus');

interface Expected {
  lab: string;
  status: 'pass' | 'fail' | 'error';
  score: number;
  style: string;
}

/** Every folder of the corpus, found when the file loads (test.each needs them then). */
function corpusProjects(): Array<{ name: string; dir: string; expected: Expected }> {
  return readdirSync(CORPUS, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const dir = path.join(CORPUS, name);
      return { name, dir, expected: readExpected(dir) };
    });
}

function readExpected(dir: string): Expected {
  const file = path.join(dir, 'expected.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: every corpus project records its outcome`);
  const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<Expected>;
  const problems = [
    typeof json.lab === 'string' && existsSync(path.join(ROOT, 'labs', json.lab, 'lab.yaml'))
      ? undefined
      : `"lab" must name a lab in labs/, got ${JSON.stringify(json.lab)}`,
    ['pass', 'fail', 'error'].includes(json.status as string)
      ? undefined
      : `"status" must be pass, fail or error, got ${JSON.stringify(json.status)}`,
    typeof json.score === 'number'
      ? undefined
      : `"score" must be a number, got ${JSON.stringify(json.score)}`,
    typeof json.style === 'string' && json.style.trim() !== ''
      ? undefined
      : '"style" must say in a sentence what the project represents',
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new Error(`${file}: ${problems.join('; ')}`);
  return json as Expected;
}

/** Said in the test name, so no one reads a green MongoDB project as checked against real MongoDB. */
function mongoNote(lab: string): string {
  const manifest = readFileSync(path.join(ROOT, 'labs', lab, 'lab.yaml'), 'utf8');
  return /^\s+mongodb:/m.test(manifest) ? ' (MongoDB: the backlab stand-in unless mongo:7 is present)' : '';
}

const labs = new Map<string, Promise<Lab>>();

function lab(id: string): Promise<Lab> {
  if (!labs.has(id)) {
    labs.set(
      id,
      loadLab(path.join(ROOT, 'labs', id)).then((loaded) => {
        if (!loaded.ok) throw new Error(`labs/${id} does not load: ${JSON.stringify(loaded.errors)}`);
        return loaded.lab;
      }),
    );
  }
  return labs.get(id)!;
}

/** What the grade said, for a mismatch: the run's error, every failing test and the app log's end. */
function explain(result: GradeResult, progress: string[]): string {
  const lines = [`graded ${result.status} ${result.score}/${result.maxScore}`];
  if (result.error) {
    lines.push(
      `error in phase ${result.error.phase} (${result.error.cause ?? 'no cause'}): ${result.error.message}`,
    );
    if (result.error.hint) lines.push(`hint: ${result.error.hint}`);
  }
  for (const stage of result.stages) {
    if (stage.status === 'pass') continue;
    lines.push(
      `stage ${stage.id}: ${stage.status} ${stage.score}/${stage.maxScore}${stage.error ? ` — ${stage.error}` : ''}`,
    );
    for (const test of stage.tests.filter((t) => t.status !== 'pass')) {
      lines.push(`  ✘ ${test.name}: ${test.message ?? '(no message)'}`);
    }
  }
  const notes = progress.filter((line) => /^(warn|info|fail) /.test(line));
  if (notes.length > 0) lines.push('progress:', ...notes.map((line) => `  ${line}`));
  if (result.appLog) lines.push('app log (end):', result.appLog.split('\n').slice(-25).join('\n'));
  return lines.join('\n');
}

describe('the learner corpus grades as recorded (real Docker, hidden tests on)', () => {
  // Two grades at a time (jest maxConcurrency): a grade mostly waits on containers.
  test.concurrent.each(
    corpusProjects().map(({ name, dir, expected }) => [
      `${name} → ${expected.lab} ${expected.status} ${expected.score}${mongoNote(expected.lab)}`,
      name,
      dir,
      expected,
    ]),
  )(
    '%s',
    async (_title, name, dir, expected) => {
      const progress = recordingProgress();
      const runDir = await mkdtemp(path.join(tmpdir(), 'backlab-learner-corpus-'));
      try {
        const result = await grade(
          { docker, progress },
          {
            lab: await lab(expected.lab),
            submissionDir: dir,
            hidden: true,
            workspace: `test-learner-corpus-${name}`,
            runDir,
          },
        );
        expect(await leftovers(docker, result.runId)).toEqual([]);
        const got = { status: result.status, score: result.score };
        const want = { status: expected.status, score: expected.score };
        if (got.status !== want.status || Math.abs(got.score - want.score) > 0.01) {
          throw new Error(
            `${name} (${expected.style})\nexpected ${want.status} ${want.score}, ${explain(result, progress.lines)}`,
          );
        }
      } finally {
        await rm(runDir, { recursive: true, force: true });
      }
    },
    600_000,
  );
});
