/**
 * What a grade costs beyond its tests, measured in one run: a warm grade (images built, the
 * dependency cache filled by a first grade) of a lab's solution against the baseline of the
 * same grade's own test time (the sum of its jest test durations), and a single-stage re-test.
 * Prints medians and ratios; run with `npm run bench` (BENCH_RUNS, BENCH_LABS to change).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentProgress } from '../runner/common/progress';
import { DockerodeClient } from '../runner/docker/dockerode-client';
import { grade } from '../runner/grading/grade';
import type { GradeResult } from '../runner/grading/result';
import { loadLab, type Lab } from '../runner/lab';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LABS = (process.env.BENCH_LABS ?? 'login-system,ecommerce-api,nginx-proxy').split(',');
const docker = new DockerodeClient();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timedGrade(
  lab: Lab,
  stageIds?: string[],
): Promise<{ wallMs: number; testsMs: number; result: GradeResult }> {
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-bench-'));
  const started = Date.now();
  try {
    const result = await grade(
      { docker, progress: silentProgress },
      { lab, submissionDir: lab.solutionDir, hidden: false, workspace: 'bench', runDir, stageIds },
    );
    const testsMs = result.stages.flatMap((s) => s.tests).reduce((sum, t) => sum + t.durationMs, 0);
    return { wallMs: Date.now() - started, testsMs, result };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

async function benchLab(id: string): Promise<void> {
  const loaded = await loadLab(join(__dirname, '..', '..', 'labs', id));
  if (!loaded.ok) throw new Error(`lab ${id} does not load`);
  const lab = loaded.lab;
  const warmUp = await timedGrade(lab);
  if (warmUp.result.status !== 'pass') throw new Error(`${id}: the solution graded ${warmUp.result.status}`);
  const full: Array<{ wallMs: number; testsMs: number }> = [];
  const single: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    full.push(await timedGrade(lab));
    single.push((await timedGrade(lab, [lab.stages[0].id])).wallMs);
  }
  const wall = median(full.map((f) => f.wallMs));
  const tests = median(full.map((f) => f.testsMs));
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(44)} ${value}`);
  console.log(`${id} (${RUNS} warm runs, medians)`);
  line('full grade, wall time', `${(wall / 1000).toFixed(1)} s`);
  line("baseline: sum of its tests' own durations", `${(tests / 1000).toFixed(1)} s`);
  line('ratio full grade / tests (target ≤ 1.5)', `${(wall / tests).toFixed(2)}×`);
  line(
    `single stage ${lab.stages[0].id}, wall time (target ≤ 4 s)`,
    `${(median(single) / 1000).toFixed(1)} s`,
  );
}

async function main(): Promise<void> {
  console.log(`Warm grades on ${cpus().length} cores`);
  for (const id of LABS) await benchLab(id);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
