import { errorMessage } from '../common/errors';
import type { ProgressStep } from '../common/progress';
import type { ShutdownHooks } from '../common/shutdown';
import { removedCounts } from '../common/units';
import { removeRun, type RemovedCounts } from '../docker/cleanup';
import type { DockerClient, ResourceInfo } from '../docker/docker-client';
import { currentOwner, LABEL } from '../docker/labels';
import type { InterruptibleProgress } from './output/interruptible-progress';
import { printError } from './output/print';

export interface InterruptContext {
  hooks: ShutdownHooks;
  progress: InterruptibleProgress;
  /** The Docker client, when a command connected one: only then can this process own runs. */
  connectedDocker: () => Promise<DockerClient | undefined>;
}

/**
 * Ctrl-C (or SIGTERM) removes the containers of this process's runs, says how many, and exits;
 * a second Ctrl-C exits at once. Returns whether an interrupt has begun: from then on the
 * command's own result and errors are not printed, as the work was cut short.
 */
export function installSignalHandlers(ctx: InterruptContext): () => boolean {
  let stopping = false;
  let removing: ProgressStep | undefined;
  for (const [signal, code, word] of [
    ['SIGINT', 130, 'Interrupted'],
    ['SIGTERM', 143, 'Terminated'],
  ] as const) {
    process.on(signal, () => {
      if (stopping) {
        removing?.fail('skipped: `backlab cleanup` removes what is left');
        process.exit(code);
      }
      stopping = true;
      void shutDown(ctx, word, (step) => (removing = step))
        .catch((err: unknown) => {
          removing?.fail(errorMessage(err));
          printError(err);
        })
        .finally(() => process.exit(code));
    });
  }
  return () => stopping;
}

async function shutDown(ctx: InterruptContext, word: string, onStep: (step: ProgressStep) => void) {
  const display = ctx.progress.interrupt();
  const docker = await ctx.connectedDocker();
  const before = docker && (await ownResources(docker));
  if (!docker || !before?.runs.length) {
    display.warn(`${word}.`);
    await ctx.hooks.runAll((err) => printError(err));
    return;
  }
  display.warn(`${word}: removing containers (press Ctrl-C again to skip)…`);
  const step = display.step('Removing containers');
  onStep(step);
  const removals = await Promise.all(before.runs.map((run) => removeRun(docker, run)));
  await ctx.hooks.runAll((err) => printError(err));
  const failures = removals.flatMap((r) => r.failures);
  if (failures.length) {
    step.fail(`could not remove ${failures.join('; ')}; \`backlab cleanup\` tries again`);
    return;
  }
  // Counted as what existed at the interrupt and is gone now: the interrupted work's own teardown
  // races this one, and whichever removes a piece first, it was removed.
  step.succeed(removedCounts(gone(before, await ownResources(docker))));
}

interface OwnResources {
  runs: string[];
  ids: Record<keyof RemovedCounts, Set<string>>;
}

/** What this process's runs have in Docker (grades, not development environments, which outlive it). */
async function ownResources(docker: DockerClient): Promise<OwnResources> {
  const owner = currentOwner();
  const filter = {
    [LABEL.ownerPid]: String(owner.pid),
    [LABEL.ownerHost]: owner.host,
    [LABEL.lifetime]: 'run',
  };
  const [containers, networks, volumes] = await Promise.all([
    docker.listContainers(filter),
    docker.listNetworks(filter),
    docker.listVolumes(filter),
  ]);
  const all = [...containers, ...networks, ...volumes];
  const ids = (items: ResourceInfo[]) => new Set(items.map((item) => item.id));
  return {
    runs: [...new Set(all.map((item) => item.labels[LABEL.run]))].filter(Boolean),
    ids: { containers: ids(containers), networks: ids(networks), volumes: ids(volumes) },
  };
}

function gone(before: OwnResources, after: OwnResources): RemovedCounts {
  const count = (kind: keyof RemovedCounts) =>
    [...before.ids[kind]].filter((id) => !after.ids[kind].has(id)).length;
  return { containers: count('containers'), networks: count('networks'), volumes: count('volumes') };
}
