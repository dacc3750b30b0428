import { hostname } from 'node:os';
import type { Labels } from './docker-client';

/**
 * Every container, network and volume backlab creates carries these labels, so that whatever a
 * crashed process left behind can be found and removed by the next one.
 */
export const LABEL = {
  /** Present on everything of ours. */
  managed: 'backlab',
  run: 'backlab.run',
  workspace: 'backlab.workspace',
  /** `run`: removed when its owner dies. `dev`: kept until `backlab stop`. `cache`: kept until pruned. */
  lifetime: 'backlab.lifetime',
  ownerPid: 'backlab.owner.pid',
  ownerHost: 'backlab.owner.host',
  /** Runs only: when (ms since the epoch) any backlab process sharing the engine may remove it. */
  expiresAt: 'backlab.expires-at',
  role: 'backlab.role',
  /**
   * The install inputs' key: on a dependency cache volume, and on an app container whose
   * node_modules is that volume's tree, so the volume is not removed under the app.
   */
  depsKey: 'backlab.deps.key',
} as const;

export type Lifetime = 'run' | 'dev' | 'cache';

export interface Owner {
  pid: number;
  host: string;
}

export function currentOwner(): Owner {
  return { pid: process.pid, host: hostname() };
}

/**
 * How long a run's resources live at most. Every grade is bounded by its lab's limits, far below
 * this; past it, the owner is taken to be dead even when it cannot be checked (a process on
 * another host, or in another container, sharing the engine).
 */
export const RUN_TTL_MS = 3 * 60 * 60 * 1000;

export function runLabels(opts: {
  runId: string;
  workspace: string;
  lifetime: Lifetime;
  owner: Owner;
  now?: number;
}): Labels {
  return {
    ...(opts.lifetime === 'run' ? { [LABEL.expiresAt]: String((opts.now ?? Date.now()) + RUN_TTL_MS) } : {}),
    [LABEL.managed]: '1',
    [LABEL.run]: opts.runId,
    [LABEL.workspace]: opts.workspace,
    [LABEL.lifetime]: opts.lifetime,
    [LABEL.ownerPid]: String(opts.owner.pid),
    [LABEL.ownerHost]: opts.owner.host,
  };
}

export function withRole(labels: Labels, role: string): Labels {
  return { ...labels, [LABEL.role]: role };
}
