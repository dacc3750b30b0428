import { TimeoutError } from './errors';

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Completes "… after N ms" in the timeout error, e.g. "MySQL did not answer SELECT 1". */
  describe: string;
}

/**
 * Calls `attempt` until it returns a value other than undefined, or throws a TimeoutError
 * naming the subject and the limit. An error thrown by `attempt` ends the wait at once.
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, opts: PollOptions): Promise<T> {
  const started = Date.now();
  const interval = opts.intervalMs ?? 250;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    const waited = Date.now() - started;
    if (waited >= opts.timeoutMs) {
      throw new TimeoutError(`${opts.describe} after ${opts.timeoutMs} ms`);
    }
    await sleep(Math.min(interval, opts.timeoutMs - waited));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves to the promise's value, or to undefined when `ms` pass first. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
