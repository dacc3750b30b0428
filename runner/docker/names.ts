import { randomBytes } from 'node:crypto';

/** A short id that keeps names of concurrent runs apart: "r-20261121-8f3a2c". */
export function newRunId(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  return `r-${day}-${randomBytes(3).toString('hex')}`;
}

/** Docker object names of a run: "backlab-r-20261121-8f3a2c-mysql". */
export function resourceName(runId: string, part: string): string {
  return `backlab-${runId}-${part}`;
}

export function randomSecret(bytes = 12): string {
  return randomBytes(bytes).toString('hex');
}
