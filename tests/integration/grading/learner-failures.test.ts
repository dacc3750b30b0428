import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materialiseOverlay } from '../../../runner/authoring/overlay';
import { LABEL } from '../../../runner/docker/labels';
import { grade } from '../../../runner/grading/grade';
import type { GradeResult } from '../../../runner/grading/result';
import { loadLab, type Lab } from '../../../runner/lab';
import { realDocker } from '../../support/docker';
import { recordingProgress } from '../../support/progress';

/**
 * Learner code that fails the way real projects fail, graded on the real engine: each report
 * must name the real cause in the learner's terms, with whose fault it is.
 *
 * A lockfile out of sync with package.json is the adversarial case lockfile-out-of-sync (the
 * same files, lab, message and hint checks), so it is not graded here again.
 */
const docker = realDocker();
const fixtures = join(__dirname, '..', '..', 'fixtures', 'grading');
const labs = join(__dirname, '..', '..', '..', 'labs');

async function load(dir: string): Promise<Lab> {
  const loaded = await loadLab(dir);
  if (!loaded.ok) throw new Error(`lab ${dir} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.lab;
}

async function gradeOverlay(lab: Lab, overlay: string): Promise<{ result: GradeResult; lines: string[] }> {
  const folder = await materialiseOverlay({ base: lab.solutionDir, overlay, skip: [] });
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-learner-failures-'));
  const progress = recordingProgress();
  try {
    const result = await grade(
      { docker, progress },
      { lab, submissionDir: folder.dir, hidden: false, workspace: 'test-learner-failures', runDir },
    );
    expect(await docker.listContainers({ [LABEL.run]: result.runId })).toEqual([]);
    return { result, lines: progress.lines };
  } finally {
    await folder.dispose();
    await rm(runDir, { recursive: true, force: true });
  }
}

describe('learner code that fails as real projects do (real Docker)', () => {
  let hello: Lab;
  let login: Lab;
  beforeAll(async () => {
    hello = await load(join(fixtures, 'hello-lab'));
    login = await load(join(labs, 'login-system'));
  });
  const submission = (name: string) => join(fixtures, 'submissions', name);

  it("builds native bcrypt 5 from source with the image's Node headers, reaching only the registry", async () => {
    const { result } = await gradeOverlay(hello, submission('native-bcrypt'));
    expect(result.error).toBeUndefined();
    expect(result).toMatchObject({ status: 'pass', score: 100 });
    expect(result.appLog).toContain('bcrypt native binding works');
  });

  it('names the dependency and the host when an install script downloads from outside the registry', async () => {
    const { result } = await gradeOverlay(hello, submission('downloads-at-install'));
    expect(result.error).toMatchObject({ phase: 'install', cause: 'sandbox' });
    expect(result.error!.message).toMatch(
      /the install script of prebuilt-fetcher \(node install\.js\) tried to reach downloads\.example\.invalid \((ENOTFOUND|EAI_AGAIN)\), but the grading sandbox reaches only the npm registry/,
    );
    expect(result.error!.message).toContain('prebuilt-fetcher: request to https://downloads.example.invalid');
    expect(result.error!.hint).toMatch(/not a mistake in your code/);
  });

  it('runs a nodemon start script without nodemon, so a crash ends the run and names the command that ran', async () => {
    const { result, lines } = await gradeOverlay(hello, submission('nodemon-crash'));
    expect(result.error).toMatchObject({ phase: 'appStart', cause: 'submission' });
    expect(result.error!.message).toMatch(
      /^your app \(node server\.js\) exited with code 1 before it was ready/,
    );
    expect(result.error!.hint).toMatch(/the file \.\/config\.json \(required by server\.js\) does not exist/);
    expect(lines).toContain('start Starting your app (node server.js)');
    expect(lines.some((l) => l.includes('ran "node server.js" for "nodemon server.js"'))).toBe(true);
  });

  it('keeps the error line of a long require chain and names the look-alike dependency', async () => {
    const { result } = await gradeOverlay(hello, submission('look-alike-module'));
    expect(result.error).toMatchObject({ phase: 'appStart', cause: 'submission' });
    expect(result.error!.message).toContain("Error: Cannot find module 'bcrypt'");
    expect(result.error!.hint).toBe(
      "bcrypt (required by lib/auth/hash.js) is not in package.json's dependencies; it declares bcryptjs: did you mean that one? Run `npm install bcrypt` to add it, or fix the name in the code.",
    );
  });

  it('gives a final verdict at once when the app answers its readiness path with 404', async () => {
    // The long timeout is the point: waiting it out would fail the test by the test's own limit.
    const ready = { http: { method: 'GET', path: '/ready' }, timeoutMs: 100_000 };
    const strict: Lab = { ...hello, app: { ...hello.app!, ready } };
    const { result } = await gradeOverlay(strict, join(fixtures, 'hello-lab', 'solution'));
    expect(result.error).toMatchObject({ phase: 'appStart', cause: 'submission' });
    expect(result.error!.message).toBe(
      'your app is running and answers on port 3000, but GET /ready answered 404 (no such route), so it cannot be graded',
    );
    expect(result.error!.hint).toContain("app.get('/ready'");
  });

  it('says where the database is when the app looks for it at localhost', async () => {
    const { result } = await gradeOverlay(login, join(fixtures, 'mysql-submissions', 'db-at-localhost'));
    expect(result.error).toMatchObject({ phase: 'appStart', cause: 'submission' });
    expect(result.error!.message).toMatch(/ECONNREFUSED (127\.0\.0\.1|::1):3306/);
    expect(result.error!.hint).toMatch(
      /tried to reach its database at (127\.0\.0\.1|::1):3306, but in the grading sandbox MySQL runs at mysql:3306, given to your app as DATABASE_URL, .*DB_HOST/,
    );
  });

  it('says the app printed nothing and never connected to the database, naming the variables', async () => {
    const quick: Lab = { ...login, app: { ...login.app!, ready: { ...login.app!.ready, timeoutMs: 6000 } } };
    const { result } = await gradeOverlay(
      quick,
      join(fixtures, 'mysql-submissions', 'waits-for-db-silently'),
    );
    expect(result.error).toMatchObject({ phase: 'appStart', cause: 'submission' });
    expect(result.error!.message).toMatch(/did not listen on port 3000 within 6 s\n\(it printed nothing\)/);
    expect(result.error!.hint).toMatch(
      /has not connected to MySQL \(at mysql:3306 in the sandbox\): if it waits for its database, make it read the settings from DATABASE_URL/,
    );
  });
});
