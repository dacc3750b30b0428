import { tmpdir } from 'node:os';
import type { DockerClient, ResourceInfo } from './docker-client';
import { currentOwner, LABEL, type Owner } from './labels';
import { removeDeadRunFolders } from './run-folders';

export interface RemovedCounts {
  containers: number;
  networks: number;
  volumes: number;
}

/**
 * Removes every container, network and volume labelled with `runId`: containers first (they hold
 * the network and volumes), then the rest. Failures are collected so one stuck object does not
 * keep the others alive; the caller decides whether they matter.
 */
export async function removeRun(
  docker: DockerClient,
  runId: string,
): Promise<RemovedCounts & { failures: string[] }> {
  const filter = { [LABEL.run]: runId };
  const failures: string[] = [];
  const removeAll = async (items: ResourceInfo[], remove: (item: ResourceInfo) => Promise<void>) => {
    const results = await Promise.allSettled(items.map(remove));
    results.forEach((r, i) => {
      if (r.status === 'rejected')
        failures.push(`${items[i].name}: ${String(r.reason?.message ?? r.reason)}`);
    });
    return results.filter((r) => r.status === 'fulfilled').length;
  };
  const containers = await removeAll(await docker.listContainers(filter), (c) =>
    docker.removeContainer(c.id),
  );
  // Once no container uses them, networks and volumes are independent of each other.
  const [networks, volumes] = await Promise.all([
    docker.listNetworks(filter).then((items) => removeAll(items, (n) => docker.removeNetwork(n.id))),
    docker.listVolumes(filter).then((items) => removeAll(items, (v) => docker.removeVolume(v.name))),
  ]);
  return { containers, networks, volumes, failures };
}

export interface SweepOptions {
  /** Also remove development environments (`backlab start`), which are otherwise kept. */
  includeDev?: boolean;
  owner?: Owner;
  isAlive?: (pid: number) => boolean;
  now?: () => number;
  /** Where run folders are made (see run-folders.ts); the system's temporary folder by default. */
  tempRoot?: string;
}

export interface SweepReport extends RemovedCounts {
  runs: string[];
  /** Host folders of dead runs (app.log, test reports, copies of submissions). */
  folders: number;
  failures: string[];
}

/**
 * Removes the runs whose owning process on this host has died (killed, crashed, power loss), and
 * runs of any owner past their time to live (an owner on another host sharing the engine cannot be
 * checked): their containers, networks, volumes and host folders. Other runs and development
 * environments are left alone; caches are never touched here.
 */
export async function sweepOrphans(docker: DockerClient, opts: SweepOptions = {}): Promise<SweepReport> {
  const owner = opts.owner ?? currentOwner();
  const isAlive = opts.isAlive ?? processIsAlive;
  const isGone = (recorded: Owner) => ownerIsGone(recorded, owner, isAlive);
  const now = (opts.now ?? Date.now)();
  const all = await Promise.all([
    docker.listContainers({ [LABEL.managed]: '' }),
    docker.listNetworks({ [LABEL.managed]: '' }),
    docker.listVolumes({ [LABEL.managed]: '' }),
  ]);
  const orphanRuns = new Set<string>();
  for (const item of all.flat()) {
    const labels = item.labels;
    const runId = labels[LABEL.run];
    if (!runId) continue;
    const lifetime = labels[LABEL.lifetime];
    if (lifetime === 'cache') continue;
    if (lifetime === 'dev') {
      if (opts.includeDev) orphanRuns.add(runId);
      continue;
    }
    if (isGone({ pid: Number(labels[LABEL.ownerPid]), host: labels[LABEL.ownerHost] })) orphanRuns.add(runId);
    else if (Number(labels[LABEL.expiresAt]) < now) orphanRuns.add(runId);
  }
  const report: SweepReport = {
    runs: [...orphanRuns].sort(),
    containers: 0,
    networks: 0,
    volumes: 0,
    folders: 0,
    failures: [],
  };
  for (const runId of report.runs) {
    const removed = await removeRun(docker, runId);
    report.containers += removed.containers;
    report.networks += removed.networks;
    report.volumes += removed.volumes;
    report.failures.push(...removed.failures);
  }
  // After the containers, which may still have a folder's files mounted.
  const folders = await removeDeadRunFolders(opts.tempRoot ?? tmpdir(), isGone);
  report.folders = folders.removed;
  report.failures.push(...folders.failures);
  return report;
}

/**
 * Whether what `recorded` made may be removed: it ran on this host (other hosts may share the
 * engine), it is not the caller, and its process no longer exists (a pid that is no number, from a
 * label gone wrong, counts as dead).
 */
export function ownerIsGone(recorded: Owner, self: Owner, isAlive: (pid: number) => boolean): boolean {
  if (recorded.host !== self.host || recorded.pid === self.pid) return false;
  return !Number.isInteger(recorded.pid) || !isAlive(recorded.pid);
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
