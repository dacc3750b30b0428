/**
 * Many customers checking out at the same moment: each has the product in the cart first, then
 * every checkout request is sent at once, so a read-then-write of the stock has to collide.
 */
import type { Response } from 'supertest';
import { addAccount, type Account, type StoredProduct } from './shop-db';
import { addToCart, checkout } from './shop-api';

export interface RushOutcome {
  responses: Response[];
  created: Response[];
  refused: Response[];
  /** Neither 201 nor 409: what the app answered instead. */
  other: Response[];
}

export async function rush(product: StoredProduct, buyers: number, quantity = 1): Promise<RushOutcome> {
  const accounts: Account[] = await Promise.all(Array.from({ length: buyers }, () => addAccount()));
  // One after the other: only the checkouts are meant to race.
  for (const account of accounts) await addToCart(account, product, quantity);
  const responses: Response[] = await Promise.all(accounts.map((account) => checkout(account)));
  return {
    responses,
    created: responses.filter((res) => res.status === 201),
    refused: responses.filter((res) => res.status === 409),
    other: responses.filter((res) => res.status !== 201 && res.status !== 409),
  };
}

/** "3 × 201, 6 × 409, 1 × 500" */
export function tally(outcome: RushOutcome): string {
  const counts = new Map<number, number>();
  for (const res of outcome.responses) counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${n} × ${status}`)
    .join(', ');
}
