/**
 * What a grade costs beyond its tests, measured in one run, for each lab:
 * - a warm full grade (images built, dependency cache filled by a first grade) of the lab's
 *   solution, against the baseline of the same grade's own test time (the sum of its jest test
 *   durations);
 * - a single-stage re-test, `backlab test --stage <id>` in a learner folder made by `backlab
 *   start`, as a learner runs it (the whole command, process start included);
 * - a cold grade: images built, but a dependency set no cache has seen (npm install included).
 * Prints medians and ratios; run with `npm run bench` (BENCH_RUNS, BENCH_LABS to change).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL } from '../runner/docker/labels';
import type { GradeResult } from '../runner/grading/result';
import type { Lab } from '../runner/lab';
import { CLI, docker, line, median, repoLab, requirePass, RUNS, seconds, timedGrade } from './bench-support';

const LABS = (process.env.BENCH_LABS ?? 'login-system,ecommerce-api,nginx-proxy').split(',');

async function fullGrades(lab: Lab): Promise<void> {
  requirePass(`${lab.id} warm-up`, (await timedGrade(lab)).result);
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(await timedGrade(lab));
  for (const run of runs) requirePass(lab.id, run.result);
  const wall = median(runs.map((r) => r.wallMs));
  const tests = median(runs.map((r) => r.testsMs));
  line('full grade, wall time (target ≤ 10 s for login-system)', seconds(wall));
  line("baseline: sum of its tests' own durations", seconds(tests));
  line('ratio full grade / tests (target ≤ 1.5×)', `${(wall / tests).toFixed(2)}×`);
}

/** `backlab test --stage <first>` in a started folder holding the solution. */
async function singleStage(lab: Lab): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'backlab-bench-learner-'));
  const folder = join(scratch, `my-${lab.id}`);
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: folder, encoding: 'utf8' });
  try {
    execFileSync(process.execPath, [CLI, 'start', lab.dir, folder, '--json'], { stdio: 'ignore' });
    await cp(lab.solutionDir, folder, { recursive: true });
    const stage = lab.stages[0].id;
    const walls: number[] = [];
    const tests: number[] = [];
    for (let run = 0; run < RUNS + 1; run++) {
      const started = Date.now();
      const answer = cli(['test', '--stage', stage, '--json']);
      const result = JSON.parse(answer.stdout) as GradeResult;
      requirePass(`${lab.id} test --stage ${stage}`, result);
      // The first run may fill the dependency cache of the folder's own package.json.
      if (run === 0) continue;
      walls.push(Date.now() - started);
      tests.push(result.stages.flatMap((s) => s.tests).reduce((sum, t) => sum + t.durationMs, 0));
    }
    line(`backlab test --stage ${stage}, wall time (target ≤ 4 s)`, seconds(median(walls)));
    line("baseline: sum of that stage's tests' own durations", seconds(median(tests)));
  } finally {
    cli(['stop', '--json']);
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A grade whose dependencies no cache holds yet: the solution with a package.json of its own. */
async function coldGrade(lab: Lab): Promise<void> {
  if (!lab.app) return;
  if (!existsSync(join(lab.solutionDir, 'package.json'))) {
    line('cold grade (no dependency cache)', 'n/a: the submission installs nothing');
    return;
  }
  const scratch = await mkdtemp(join(tmpdir(), 'backlab-bench-cold-'));
  const cachesBefore = new Set((await docker.listVolumes({ [LABEL.lifetime]: 'cache' })).map((v) => v.name));
  try {
    await cp(lab.solutionDir, scratch, { recursive: true });
    const manifest = join(scratch, 'package.json');
    const pkg = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, unknown>;
    // A package.json no earlier grade had: the install cannot come from the cache.
    await writeFile(manifest, JSON.stringify({ ...pkg, description: `cold ${Date.now()}` }, null, 2));
    const cold = await timedGrade(lab, { submissionDir: scratch });
    requirePass(`${lab.id} cold`, cold.result);
    line('cold grade (no dependency cache), wall time', seconds(cold.wallMs));
    line('  of which installing dependencies', seconds(cold.result.timings.install));
  } finally {
    for (const volume of await docker.listVolumes({ [LABEL.lifetime]: 'cache' })) {
      if (!cachesBefore.has(volume.name)) await docker.removeVolume(volume.name).catch(() => undefined);
    }
    await rm(scratch, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`Grades on ${cpus().length} cores, medians of ${RUNS} warm runs`);
  for (const id of LABS) {
    const lab = await repoLab(id);
    console.log(id);
    await fullGrades(lab);
    await singleStage(lab);
    await coldGrade(lab);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
