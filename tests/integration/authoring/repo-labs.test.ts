import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  dockerGrader,
  formatValidation,
  knownAnswerFolder,
  outcomeMismatch,
  readKnownAnswers,
  validateLab,
  validationExitCode,
  type SkippableCheck,
  type ValidationReport,
} from '../../../runner/authoring';
import { checkStarter } from '../../../runner/authoring/check-starter';
import { silentProgress } from '../../../runner/common/progress';
import { LABEL } from '../../../runner/docker/labels';
import { grade } from '../../../runner/grading/grade';
import { loadLab, type Lab } from '../../../runner/lab';
import { realDocker } from '../../support/docker';
import {
  isUntouchedStarter,
  repoKnownAnswers,
  repoLabs,
  untouchedStarterAnswer,
  type RepoLab,
} from './repo-labs';

/**
 * Every lab and template of the repository on the real engine, each grade done once:
 * - templates/express-mysql gets the full `backlab validate`: two solution runs (so flakiness is
 *   checked), the starter, its known answers, the standard HTTP faults through the fault proxy,
 *   and its own mutation. The tests at the end read its report.
 * - Every other lab and template gets `backlab validate` with one solution run, without
 *   mutations and known answers (graded next), and without the starter check when the lab has a
 *   known answer that is its untouched starter: that answer's test runs the check on its grade,
 *   which is the very grade validate would make.
 * - Every known answer of those grades exactly as its expected.json records.
 * All of them share one pool of two grades at a time (jest's maxConcurrency: a grade mostly waits
 * on containers, and two fit this machine's two cores). Concurrent tests share a pool only within
 * one describe block, hence one file; the pool takes them in order, so the longest come first.
 */
const docker = realDocker();
const FULL = 'templates/express-mysql';
const labs = repoLabs();
const fullLab = labs.find((lab) => lab.name === FULL)!;
const others = labs.filter((lab) => lab.dir !== fullLab.dir);
let full: ValidationReport | undefined;

async function load(dir: string): Promise<Lab> {
  const loaded = await loadLab(dir);
  if (!loaded.ok) throw new Error(`${dir} does not load: ${JSON.stringify(loaded.errors)}`);
  return loaded.lab;
}

const deps = { progress: silentProgress, grader: async (lab: Lab) => dockerGrader({ docker }, lab) };

describe('every lab and template of the repository (real Docker)', () => {
  test.concurrent(
    `${FULL}: backlab validate, everything: exit 0 with no problem at all`,
    async () => {
      full = await validateLab(deps, { labDir: fullLab.dir, runs: 2 });
      expect(formatValidation(full)).toContain('✔ express-mysql is valid.');
      expect(full.problems).toEqual([]);
      expect(validationExitCode(full)).toBe(0);
    },
    900_000,
  );

  test.concurrent.each(others.map((lab): [string, RepoLab] => [lab.name, lab]))(
    '%s: backlab validate (one solution run; mutations and known answers are checked elsewhere)',
    async (_name, lab) => {
      const skip: SkippableCheck[] = ['known-answers', 'mutations'];
      if (untouchedStarterAnswer(lab)) skip.push('starter');
      const report = await validateLab(deps, { labDir: lab.dir, runs: 1, skip });
      // The whole report in the failure message: every problem with its file and fix.
      expect(formatValidation(report)).toContain(`✔ ${report.lab} is valid`);
      expect(validationExitCode(report)).toBe(0);
    },
    300_000,
  );

  test.concurrent.each(
    repoKnownAnswers()
      .filter(({ lab }) => lab.dir !== fullLab.dir)
      .map(({ lab, answer }): [string, string, string] => [
        `${lab.name}/submissions/${answer}${isUntouchedStarter(path.join(lab.dir, 'submissions', answer)) ? ' (and the starter check of validate)' : ''}`,
        lab.dir,
        answer,
      ]),
  )(
    'known answer %s grades as recorded',
    async (_name, labDir, name) => {
      const lab = await load(labDir);
      const { answers, problems } = await readKnownAnswers(lab);
      expect(problems.filter((p) => p.file.includes(`/${name}/`))).toEqual([]);
      const answer = answers.find((a) => a.name === name)!;
      if (isUntouchedStarter(answer.dir)) {
        // Validate's own starter check (only stages marked starterPasses pass), then the record.
        const starter = await checkStarter(lab, dockerGrader({ docker }, lab), silentProgress);
        expect(starter.problems).toEqual([]);
        expect(outcomeMismatch(answer.expected, starter.result)).toBeUndefined();
        return;
      }
      const folder = await knownAnswerFolder(lab, answer);
      const runDir = await mkdtemp(path.join(tmpdir(), 'backlab-known-answer-'));
      try {
        const result = await grade(
          { docker, progress: silentProgress },
          { lab, submissionDir: folder.dir, hidden: false, workspace: folder.dir, runDir },
        );
        // Undefined, or the difference with the failing tests: readable straight from the test output.
        expect(outcomeMismatch(answer.expected, result)).toBeUndefined();
      } finally {
        await folder.dispose();
        await rm(runDir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});

describe(`${FULL}: what the full validation found`, () => {
  function report(): ValidationReport {
    if (!full) throw new Error(`the full validation of ${FULL} did not finish: see its test above`);
    return full;
  }

  test('graded the solution twice at full marks with hidden tests, and found no flaky test', () => {
    expect(report().solution?.runs).toEqual([
      { status: 'pass', score: 100, maxScore: 100 },
      { status: 'pass', score: 100, maxScore: 100 },
    ]);
    expect(report().solution?.flaky).toEqual([]);
    expect(report().skipped).toEqual([]);
  });

  test('the starter passes no stage; known answers grade as recorded', () => {
    expect(report().starter).toEqual({ status: 'fail', score: 0, maxScore: 100, stagesPassed: [] });
    expect(report().knownAnswers.map((k) => [k.name, k.got.status, k.got.score, k.mismatch])).toEqual([
      ['no-404', 'fail', 83.33, undefined],
      ['starter', 'fail', 0, undefined],
    ]);
  });

  test('the tests catch every fault they provoke; auth and cookie faults are not exercised by a lab without them', () => {
    expect(report().mutations.map((m) => [m.name, m.verdict])).toEqual([
      ['denied-as-ok', 'not-exercised'],
      ['not-found-as-ok', 'caught'],
      ['json-field-dropped', 'caught'],
      ['cookie-removed', 'not-exercised'],
      ['write-not-forwarded', 'caught'],
      ['no-title-check', 'caught'],
    ]);
    const applied = Object.fromEntries(
      report()
        .mutations.filter((m) => m.kind === 'http-fault')
        .map((m) => [m.name, m.applied]),
    );
    expect(applied['denied-as-ok']).toBe(0);
    expect(applied['not-found-as-ok']).toBeGreaterThan(0);
    expect(applied['write-not-forwarded']).toBeGreaterThan(0);
  });

  test('reports how long each stage of the solution took', () => {
    expect(report().timings.map((t) => t.stage)).toEqual(['create-notes', 'read-notes']);
    for (const t of report().timings) {
      expect(t.durationsMs).toHaveLength(2);
      expect(t.slowestMs).toBeGreaterThan(0);
    }
  });

  test('left no container of its runs behind', async () => {
    report();
    const containers = await docker.listContainers({ [LABEL.managed]: '1', [LABEL.lifetime]: 'run' });
    expect(
      containers.filter(
        (c) => c.labels[LABEL.workspace]?.includes('express-mysql') || c.name.includes('fault-proxy'),
      ),
    ).toEqual([]);
  });
});
