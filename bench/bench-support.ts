/** What the benchmarks share: medians, the report's line format, and a timed grade of a lab. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentProgress } from '../runner/common/progress';
import { DockerodeClient } from '../runner/docker/dockerode-client';
import { grade } from '../runner/grading/grade';
import type { GradeResult } from '../runner/grading/result';
import { loadLab, type Lab } from '../runner/lab';

export const RUNS = Number(process.env.BENCH_RUNS ?? 3);
export const REPO = join(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'runner', 'cli', 'main.js');
export const docker = new DockerodeClient();

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(52)} ${value}`);
}

export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export async function repoLab(id: string): Promise<Lab> {
  const loaded = await loadLab(join(REPO, 'labs', id));
  if (!loaded.ok) throw new Error(`lab ${id} does not load`);
  return loaded.lab;
}

export interface TimedGrade {
  wallMs: number;
  /** The sum of the grade's jest test durations: the baseline a grade is compared with. */
  testsMs: number;
  result: GradeResult;
}

/** Grades `submissionDir` (the lab's solution by default) and times it, start to result. */
export async function timedGrade(
  lab: Lab,
  opts: { stageIds?: string[]; submissionDir?: string; hidden?: boolean } = {},
): Promise<TimedGrade> {
  const runDir = await mkdtemp(join(tmpdir(), 'backlab-bench-'));
  const started = Date.now();
  try {
    const result = await grade(
      { docker, progress: silentProgress },
      {
        lab,
        submissionDir: opts.submissionDir ?? lab.solutionDir,
        hidden: opts.hidden ?? false,
        workspace: 'bench',
        runDir,
        stageIds: opts.stageIds,
      },
    );
    const testsMs = result.stages.flatMap((s) => s.tests).reduce((sum, t) => sum + t.durationMs, 0);
    return { wallMs: Date.now() - started, testsMs, result };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

export function requirePass(what: string, result: GradeResult): void {
  if (result.status !== 'pass') {
    throw new Error(
      `${what} graded ${result.status}: ${result.error?.message ?? JSON.stringify(result.stages)}`,
    );
  }
}

/**
 * CPU time the whole machine has spent busy so far, in ms, from /proc/stat (Linux): every
 * process counts, the containers' included, which a grade's own process times would miss.
 * /proc/stat counts in USER_HZ ticks, 100 a second on every Linux this runs on.
 */
export function machineBusyMs(): number {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return (user + nice + system + irq + softirq + (steal || 0)) * 10;
}
