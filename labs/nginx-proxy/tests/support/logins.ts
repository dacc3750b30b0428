/** Quick series of login attempts, for the rate-limit stage. */
import type { Response } from 'supertest';
import { instanceOf, site } from './site';

export interface Attempt {
  status: number;
  /** The instance that answered, undefined when nginx answered by itself (a refusal). */
  instance?: string;
}

const WRONG = { username: 'demo', password: 'not-the-password' };

/** Sends `count` POST /api/login one right after another. */
export async function quickLogins(count: number): Promise<Attempt[]> {
  const attempts: Attempt[] = [];
  for (let i = 0; i < count; i += 1) {
    const res: Response = await site().post('/api/login').set('Content-Type', 'application/json').send(WRONG);
    attempts.push({ status: res.status, instance: instanceOf(res) });
  }
  return attempts;
}

/** "401 (app), 401 (app), 429 (nginx)…" in compressed form: "401 from the app ×6, then 429 ×14". */
export function summary(attempts: Attempt[]): string {
  const parts: { label: string; count: number }[] = [];
  for (const a of attempts) {
    const label = a.instance ? `${a.status} from the app` : `${a.status} from nginx`;
    const last = parts.at(-1);
    if (last?.label === label) last.count += 1;
    else parts.push({ label, count: 1 });
  }
  return parts.map((p) => `${p.label} ×${p.count}`).join(', then ');
}

/** Attempts answered by the app (not refused). */
export function reachedApp(attempts: Attempt[]): number {
  return attempts.filter((a) => a.instance !== undefined).length;
}
