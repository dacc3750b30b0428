import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { silentProgress } from '../../../runner/common/progress';
import type { GradeJob, GradeOutcome } from '../../../runner/authoring/grade-job';
import type { ExpectedOutcome } from '../../../runner/authoring/known-answer';
import { formatValidation } from '../../../runner/authoring/format-validation';
import type { ProxyMode } from '../../../runner/authoring/faults/http-faults';
import { validateLab } from '../../../runner/authoring/validate-lab';
import { validationExitCode, type ValidationReport } from '../../../runner/authoring/validation-report';
import { formatProblem } from '../../../runner/lab';
import type { GradeResult } from '../../../runner/grading/result';
import { erroredResult, fakeResult } from './fake-results';
import { scratchCopies } from './scratch-lab';

/** The validation flow on a real lab folder with a fake grader: which grades it asks for and what it concludes. */

const labs = scratchCopies();
afterAll(() => labs.cleanup());
const labDir = labs.copy('express-mysql');

type Verdict = 'pass' | 'fail';
const full = () =>
  fakeResult({
    'create-notes': { saves: 'pass', validates: 'pass' },
    'read-notes': { lists: 'pass', 'answers 404': 'pass' },
  });
const graded = (create: Verdict, read: Verdict) =>
  fakeResult({ 'create-notes': { saves: create }, 'read-notes': { lists: read } });

/** The template's record of a known answer's failing tests in one stage, as fakeResult takes them. */
function recordedFailures(answer: string, stage: string): Record<string, 'fail'> {
  const file = path.join(labDir, 'submissions', answer, 'expected.json');
  const expected = JSON.parse(readFileSync(file, 'utf8')) as ExpectedOutcome;
  return Object.fromEntries((expected.failing?.[stage] ?? []).map((name) => [name, 'fail']));
}

/** The template's known answers graded as recorded: no-404 fails 1 of 3 read tests, the starter every test. */
function asRecorded(answer: string): GradeResult {
  if (answer === 'no-404')
    return fakeResult({
      'create-notes': { a: 'pass' },
      'read-notes': { a: 'pass', b: 'pass', ...recordedFailures(answer, 'read-notes') },
    });
  return fakeResult({
    'create-notes': recordedFailures(answer, 'create-notes'),
    'read-notes': recordedFailures(answer, 'read-notes'),
  });
}

interface FakeGrades {
  solution?: (run: number) => GradeResult;
  starter?: GradeResult;
  known?: Record<string, GradeResult>;
  faults?: Partial<Record<ProxyMode, { result: GradeResult; applied: number } | 'proxy-failed'>>;
  mutation?: GradeResult;
}

/** Runs validate with grades decided by the test; returns the report and the jobs asked for. */
async function validateWith(
  grades: FakeGrades,
  runs = 3,
  dir = labDir,
): Promise<{ report: ValidationReport; jobs: GradeJob[] }> {
  const jobs: GradeJob[] = [];
  let solutionRuns = 0;
  const grader = async (job: GradeJob): Promise<GradeOutcome> => {
    jobs.push(job);
    if (job.fault) {
      const fault =
        grades.faults?.[job.fault] ??
        (job.fault === 'pass-through'
          ? { result: full(), applied: 0 }
          : { result: graded('fail', 'pass'), applied: 3 });
      if (fault === 'proxy-failed')
        return {
          result: erroredResult('the fault proxy exited with code 1 before it was ready'),
          faultStats: undefined,
        };
      return { result: fault.result, faultStats: { fault: job.fault, requests: 10, applied: fault.applied } };
    }
    if (job.title.startsWith('Grading the solution '))
      return { result: (grades.solution ?? full)(++solutionRuns) };
    if (job.title === 'Grading the starter') return { result: grades.starter ?? graded('fail', 'fail') };
    if (job.title.startsWith('Known answer ')) {
      const name = /\((.+)\)$/.exec(job.title)![1];
      expect(existsSync(path.join(job.folder, 'package.json'))).toBe(true);
      expect(existsSync(path.join(job.folder, 'expected.json'))).toBe(false);
      return { result: grades.known?.[name] ?? asRecorded(name) };
    }
    if (job.title.startsWith('Mutation ')) return { result: grades.mutation ?? graded('fail', 'pass') };
    throw new Error(`unexpected job ${job.title}`);
  };
  const report = await validateLab(
    { progress: silentProgress, grader: async () => grader },
    { labDir: dir, runs },
  );
  return { report, jobs };
}

const errors = (report: ValidationReport) =>
  report.problems.filter((p) => p.severity === 'error').map((p) => `${p.check} ${formatProblem(p)}`);

describe('validateLab', () => {
  test('a lab where everything holds: exit 0, every grade asked for in order', async () => {
    const { report, jobs } = await validateWith({
      faults: { 'cookie-removed': { result: full(), applied: 0 } },
    });
    expect(errors(report)).toEqual([]);
    expect(validationExitCode(report)).toBe(0);
    expect(jobs.map((j) => [j.title, j.hidden])).toEqual([
      ['Grading the solution 1/3', true],
      ['Grading the solution 2/3', true],
      ['Grading the solution 3/3', true],
      ['Grading the starter', false],
      ['Known answer 1/2 (no-404)', false],
      ['Known answer 2/2 (starter)', false],
      ['Fault proxy control run (no fault)', true],
      ['Fault 1/5 (denied-as-ok)', true],
      ['Fault 2/5 (not-found-as-ok)', true],
      ['Fault 3/5 (json-field-dropped)', true],
      ['Fault 4/5 (cookie-removed)', true],
      ['Fault 5/5 (write-not-forwarded)', true],
      ['Mutation 1/1 (no-title-check)', true],
    ]);
    expect(report.mutations.map((m) => [m.name, m.verdict])).toEqual([
      ['denied-as-ok', 'caught'],
      ['not-found-as-ok', 'caught'],
      ['json-field-dropped', 'caught'],
      ['cookie-removed', 'not-exercised'],
      ['write-not-forwarded', 'caught'],
      ['no-title-check', 'caught'],
    ]);
    expect(report.timings.map((t) => [t.stage, t.durationsMs])).toEqual([
      ['create-notes', [1000, 1000, 1000]],
      ['read-notes', [1000, 1000, 1000]],
    ]);
    expect(formatValidation(report)).toContain('✔ express-mysql is valid.');
  });

  test('a test that changes outcome between runs is flaky, with its runs; mutations wait for a passing solution', async () => {
    const flaky = (run: number) =>
      fakeResult({ 'create-notes': { saves: run === 2 ? 'fail' : 'pass' }, 'read-notes': { lists: 'pass' } });
    const { report, jobs } = await validateWith({ solution: flaky });
    expect(errors(report)).toEqual([
      'flakiness tests/01-create-notes.test.ts: stage create-notes: flaky test "saves": run 1 pass, run 2 fail, run 3 pass (saves failed); make the test independent of timing and of other tests (fresh users, no fixed sleeps, await every request)',
    ]);
    expect(report.skipped).toContainEqual({
      check: 'mutations',
      reason: 'the solution does not pass every test yet',
    });
    expect(jobs.some((j) => j.fault)).toBe(false);
    expect(validationExitCode(report)).toBe(1);
  });

  test('a solution failing a test every time names the test and its message', async () => {
    const { report } = await validateWith({ solution: () => graded('pass', 'fail') }, 1);
    expect(errors(report)).toEqual([
      'solution solution: stage read-notes: fails test "lists": lists failed; the reference solution must pass every test: fix the solution or the test',
    ]);
    expect(report.skipped.map((s) => s.check)).toEqual(['flakiness', 'mutations']);
  });

  test('a solution that cannot be graded is fatal (exit 2) and quotes the app log; nothing else is graded', async () => {
    const log = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n');
    const { report, jobs } = await validateWith({
      solution: () => erroredResult('your app exited with code 1 before it was ready', log),
    });
    expect(jobs).toHaveLength(1);
    expect(validationExitCode(report)).toBe(2);
    const [problem] = report.problems;
    expect(formatProblem(problem)).toBe(
      `solution: could not be graded (run 1 of 3): your app exited with code 1 before it was ready\n--- last lines of the app log ---\n${Array.from({ length: 15 }, (_, i) => `line ${i + 16}`).join('\n')}; run the solution yourself (npm install && npm start) and fix what stops it`,
    );
    expect(report.skipped.map((s) => s.check)).toEqual([
      'flakiness',
      'starter',
      'known-answers',
      'mutations',
      'timing',
    ]);
  });

  test('the starter must not pass a stage unless the manifest says so', async () => {
    const { report } = await validateWith({ starter: graded('pass', 'fail') }, 1);
    expect(errors(report)).toEqual([
      'starter lab.yaml:17:5: stages[0]: the starter already passes stage "create-notes", so its tests do not check the task; test what the learner has to build, or set `starterPasses: true` if passing it is intended',
    ]);
  });

  test('a known answer that grades differently names its expected.json, the field and the failing tests', async () => {
    const { report } = await validateWith({ known: { 'no-404': graded('pass', 'fail') } }, 1);
    const fix =
      'fix the tests or the submission; if the lab changed on purpose, record the new outcome in expected.json';
    const recorded = 'GET /api/notes › GET /api/notes/:id answers 404 {error} for a note that does not exist';
    expect(errors(report)).toEqual([
      `known-answers submissions/no-404/expected.json: score: scored 50/100 but is recorded as 83.33/100; ${fix}`,
      `known-answers submissions/no-404/expected.json: failing.read-notes: test "read-notes › lists" failed (lists failed) but is not recorded as failing; ${fix}`,
      `known-answers submissions/no-404/expected.json: failing.read-notes: test "read-notes › ${recorded}" is recorded as failing but did not run; ${fix}`,
    ]);
  });

  test('a fault the tests miss is an error with advice; one they never provoke is not', async () => {
    const { report } = await validateWith(
      {
        faults: {
          'json-field-dropped': { result: full(), applied: 4 },
          'denied-as-ok': { result: full(), applied: 0 },
          'cookie-removed': 'proxy-failed',
        },
        mutation: full(),
      },
      1,
    );
    expect(errors(report)).toEqual([
      'mutations tests: fault json-field-dropped: no test noticed: the first field of JSON response objects is removed (a field left out of the body); it changed 4 request(s) or answer(s) and every test passed; check the fields of JSON answers, not only their status',
      'mutations tests: fault cookie-removed: could not inject the fault: the fault proxy exited with code 1 before it was ready',
      'mutations mutations/no-title-check: every test passes with this change to the solution (Titles are not checked, so a note without a title reaches the database.); add a test that fails for it, or delete the mutation if the change is harmless',
    ]);
    expect(report.mutations.find((m) => m.name === 'denied-as-ok')?.verdict).toBe('not-exercised');
  });

  test('when the suites fail through a transparent proxy, no HTTP fault is judged (they would all look caught)', async () => {
    const { report, jobs } = await validateWith(
      { faults: { 'pass-through': { result: graded('pass', 'fail'), applied: 0 } } },
      1,
    );
    expect(errors(report)).toEqual([
      'mutations tests: the solution fails when the suites reach it through a transparent proxy (read-notes › lists), so the HTTP faults could not be checked; build URLs from appUrl()/nginxUrl() and compare hosts with them, never with fixed container names',
    ]);
    expect(jobs.filter((j) => j.fault).map((j) => j.fault)).toEqual(['pass-through']);
    expect(report.mutations.map((m) => [m.name, m.verdict])).toEqual([
      ['denied-as-ok', 'not-run'],
      ['not-found-as-ok', 'not-run'],
      ['json-field-dropped', 'not-run'],
      ['cookie-removed', 'not-run'],
      ['write-not-forwarded', 'not-run'],
      ['no-title-check', 'caught'],
    ]);
  });

  test('a lab that does not load is fatal before any grade', async () => {
    let asked = false;
    const report = await validateLab(
      {
        progress: silentProgress,
        grader: async () => {
          asked = true;
          throw new Error('must not grade');
        },
      },
      { labDir: path.join(labDir, 'no-such-lab'), runs: 1 },
    );
    expect(asked).toBe(false);
    expect(validationExitCode(report)).toBe(2);
    expect(report.problems.map((p) => formatProblem(p))).toEqual([
      `${path.join(labDir, 'no-such-lab')}: lab folder not found; check the path, or run \`backlab list\` to see the known labs`,
    ]);
  });
});
