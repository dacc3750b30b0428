import { mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { materialiseOverlay } from '../../../runner/authoring/overlay';
import type { DockerClient } from '../../../runner/docker/docker-client';
import { LABEL } from '../../../runner/docker/labels';
import { grade } from '../../../runner/grading/grade';
import { loadLab, type Lab } from '../../../runner/lab';
import { unpackArchive } from '../../../runner/server/uploads/unpack-archive';
import { DEFAULT_UPLOAD_LIMITS } from '../../../runner/server/uploads/upload-limits';
import { leftovers } from '../../support/docker';
import { recordingProgress } from '../../support/progress';
import type { CaseSpec, Expectation } from './cases';
import { appLogMismatch, mismatches, observe, verdictOf } from './verdict';

const REPO = join(__dirname, '..', '..', '..');
const LAB_DIRS: Record<string, string> = {
  'hello-lab': join(REPO, 'tests', 'fixtures', 'grading', 'hello-lab'),
};

export interface CaseOutcome {
  name: string;
  /** Shown on the case's line: "error/appStart/submission", "fail 50/100", "rejected 422". */
  verdict: string;
  seconds: number;
  problems: string[];
  /** What each grade did (or the archive check), for pending case.json files. */
  observed: unknown;
}

const labs = new Map<string, Promise<Lab>>();

function labNamed(name: string): Promise<Lab> {
  let lab = labs.get(name);
  if (!lab) {
    const dir = LAB_DIRS[name] ?? join(REPO, 'labs', name);
    lab = loadLab(dir).then((loaded) => {
      if (!loaded.ok) throw new Error(`lab ${dir} does not load: ${JSON.stringify(loaded.errors)}`);
      return loaded.lab;
    });
    labs.set(name, lab);
  }
  return lab;
}

function withLimits(lab: Lab, limits: CaseSpec['limits']): Lab {
  return {
    ...lab,
    limits: {
      ...lab.limits,
      ...(limits.installTimeoutMs ? { installTimeoutMs: limits.installTimeoutMs } : {}),
      ...(limits.stageTimeoutMs ? { stageTimeoutMs: limits.stageTimeoutMs } : {}),
    },
    ...(lab.app && limits.readyTimeoutMs
      ? { app: { ...lab.app, ready: { ...lab.app.ready, timeoutMs: limits.readyTimeoutMs } } }
      : {}),
  };
}

export async function runCase(docker: DockerClient, spec: CaseSpec): Promise<CaseOutcome> {
  const started = Date.now();
  const outcome =
    spec.kind === 'archive' ? await runArchiveCase(spec) : await runGradeCase(docker, spec, started);
  const seconds = (Date.now() - started) / 1000;
  if (seconds > spec.boundSeconds)
    outcome.problems.push(`took ${seconds.toFixed(1)} s, more than its bound of ${spec.boundSeconds} s`);
  return { name: spec.name, seconds, ...outcome };
}

type Outcome = Omit<CaseOutcome, 'name' | 'seconds'>;

async function runGradeCase(docker: DockerClient, spec: CaseSpec, started: number): Promise<Outcome> {
  const lab = withLimits(await labNamed(spec.lab), spec.limits);
  const steps = spec.steps ?? [{ overlay: spec.overlay, expect: spec.expect }];
  const problems: string[] = [];
  const observed: Record<string, unknown>[] = [];
  let verdict = '';
  for (const [index, step] of steps.entries()) {
    const deadline = started + spec.boundSeconds * 1000;
    const label = steps.length > 1 ? `step ${index + 1} (${step.overlay}): ` : '';
    const one = await gradeOnce(docker, spec, lab, step.overlay, step.expect, deadline, index);
    problems.push(...one.problems.map((p) => `${label}${p}`));
    observed.push({ ...(steps.length > 1 ? { step: step.overlay } : {}), ...one.observed });
    verdict = steps.length > 1 ? `${verdict}${verdict ? ' → ' : ''}${one.verdict}` : one.verdict;
  }
  return { verdict, problems, observed: observed.length === 1 ? observed[0] : observed };
}

async function gradeOnce(
  docker: DockerClient,
  spec: CaseSpec,
  lab: Lab,
  overlay: string,
  expect: Expectation,
  deadline: number,
  index: number,
): Promise<{ verdict: string; problems: string[]; observed: Record<string, unknown> }> {
  const folder = await materialiseOverlay({
    base: lab.solutionDir,
    overlay: join(spec.dir, overlay),
    skip: [],
    remove: spec.remove,
  });
  await unwrapFixtures(folder.dir);
  const runDir = await mkdtemp(join(tmpdir(), `backlab-adversarial-${spec.name}-`));
  // Unique per grade: what is left of a grade that overran its bound is found by this label.
  const workspace = `adversarial-${spec.name}-${index}-${process.pid}`;
  const problems: string[] = [];
  try {
    const grading = grade(
      { docker, progress: recordingProgress() },
      { lab, submissionDir: folder.dir, hidden: spec.hidden, stageIds: spec.stageIds, workspace, runDir },
    );
    grading.catch(() => undefined);
    let result = await raceDeadline(grading, deadline);
    if (!result) {
      problems.push(`the grade was still running at its bound of ${spec.boundSeconds} s`);
      // Ends the run's containers (ours, by our workspace label) so the engine gives its verdict now.
      await removeWorkspace(docker, workspace, false);
      result = await raceDeadline(grading, Date.now() + 120_000);
      if (!result) {
        await removeWorkspace(docker, workspace, true);
        return {
          verdict: 'hung',
          problems: [...problems, 'grade() did not return'],
          observed: { hung: true },
        };
      }
    }
    const logBytes = await stat(join(runDir, 'app.log')).then(
      (s) => s.size,
      () => 0,
    );
    const observation = observe(result, logBytes);
    problems.push(...mismatches(expect, observation), ...appLogMismatch(expect, result.appLog));
    const left = [
      ...(await leftovers(docker, result.runId)),
      ...(await byWorkspace(docker, workspace)).map((r) => r.name),
    ];
    if (left.length) {
      problems.push(`left behind: ${[...new Set(left)].join(', ')}`);
      await removeWorkspace(docker, workspace, true);
    }
    return {
      verdict: verdictOf(observation),
      problems,
      observed: { ...observation, appLogTail: result.appLog.slice(-600) },
    };
  } finally {
    await folder.dispose();
    await rm(runDir, { recursive: true, force: true });
  }
}

/**
 * Overlays keep `package.json` as `package.json.fixture`: jest's module map reads every
 * package.json under tests/, and an invalid one (a case of its own) would stop every jest run.
 */
const FIXTURE = '.fixture';
async function unwrapFixtures(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) await unwrapFixtures(full);
    else if (entry.name.endsWith(FIXTURE)) await rename(full, full.slice(0, -FIXTURE.length));
  }
}

async function raceDeadline<T>(work: Promise<T>, deadline: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

async function byWorkspace(docker: DockerClient, workspace: string) {
  const filter = { [LABEL.workspace]: workspace };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers(filter),
    docker.listNetworks(filter),
    docker.listVolumes(filter),
  ]);
  return [...containers, ...networks, ...volumes];
}

/** Removes what this suite's grade created (found by its own workspace label), nothing else. */
async function removeWorkspace(docker: DockerClient, workspace: string, everything: boolean): Promise<void> {
  const filter = { [LABEL.workspace]: workspace };
  for (const c of await docker.listContainers(filter))
    await docker.removeContainer(c.id).catch(() => undefined);
  if (!everything) return;
  for (const n of await docker.listNetworks(filter)) await docker.removeNetwork(n.id).catch(() => undefined);
  for (const v of await docker.listVolumes(filter)) await docker.removeVolume(v.name).catch(() => undefined);
}

/**
 * A crafted upload: make.js writes the archive, the server's unpacker checks it into a fresh
 * folder inside a fresh parent; nothing may appear beside that folder or at the marker paths
 * the archive aims at.
 */
async function runArchiveCase(spec: CaseSpec): Promise<Outcome> {
  const work = await mkdtemp(join(tmpdir(), `backlab-adversarial-${spec.name}-`));
  const problems: string[] = [];
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const make = require(join(spec.dir, 'make.js')) as (file: string, work: string) => Promise<string[]>;
    const archive = join(work, 'upload');
    const markers = await make(archive, work);
    const outer = join(work, 'outer');
    const into = join(outer, 'project');
    await rm(outer, { recursive: true, force: true });
    await mkdir(into, { recursive: true });
    let observed: Record<string, unknown>;
    try {
      const report = await unpackArchive(archive, { limits: DEFAULT_UPLOAD_LIMITS, into });
      observed = { accepted: report };
    } catch (err) {
      const e = err as { status?: number; message?: string; name?: string };
      observed = { rejected: { status: e.status, message: e.message, name: e.name } };
    }
    const beside = (await readdir(outer)).filter((n) => n !== 'project');
    if (beside.length) problems.push(`files appeared beside the unpack folder: ${beside.join(', ')}`);
    for (const marker of markers) if (existsSync(marker)) problems.push(`the archive wrote ${marker}`);
    const expected = spec.expect.rejected;
    const rejected = observed.rejected as { status?: number; message?: string; name?: string } | undefined;
    if (expected) {
      if (!rejected)
        problems.push(
          `the upload was accepted (${JSON.stringify(observed.accepted)}), expected a ${expected.status}`,
        );
      else {
        if (rejected.name !== 'UploadRejected')
          problems.push(
            `the unpacker failed with ${rejected.name}: ${rejected.message} (not a refusal of the upload)`,
          );
        if (rejected.status !== expected.status)
          problems.push(`refused with ${rejected.status}, expected ${expected.status}`);
        if (!new RegExp(expected.message).test(rejected.message ?? ''))
          problems.push(`refusal ${JSON.stringify(rejected.message)} does not match /${expected.message}/`);
      }
    }
    const verdict = rejected ? `rejected ${rejected.status ?? rejected.name}` : 'accepted';
    return { verdict, problems, observed };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
