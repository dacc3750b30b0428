/** Counting which copy of the app answered a series of requests. */
import { described, instanceOf, site } from './site';

export const INSTANCES = ['app-1', 'app-2'];

/** Sends `count` GET requests one after another and counts the answers per instance. */
export async function answersPerInstance(path: string, count: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const res = await site().get(path);
    const instance = instanceOf(res);
    if (res.status !== 200 || !instance) {
      throw new Error(
        `GET ${path} (request ${i + 1} of ${count}): expected 200 from the app, got ${described(res)}`,
      );
    }
    counts.set(instance, (counts.get(instance) ?? 0) + 1);
  }
  return counts;
}

/** "app-1 ×7, app-2 ×3" */
export function tally(counts: Map<string, number>): string {
  return [...counts.entries()].map(([name, n]) => `${name} ×${n}`).join(', ') || 'none';
}
