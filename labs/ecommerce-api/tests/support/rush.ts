/**
 * Many customers checking out at the same moment: each has the product in the cart first, then
 * every checkout request reaches the app at once, so a read-then-write of the stock collides.
 */
import { simultaneousPosts, type PlainResponse } from './held-requests';
import { addToCart } from './shop-api';
import { addAccount, type Account, type StoredProduct } from './shop-db';

export interface RushOutcome {
  responses: PlainResponse[];
  created: PlainResponse[];
  refused: PlainResponse[];
  /** Neither 201 nor 409: what the app answered instead. */
  other: PlainResponse[];
}

/** Checkouts of several accounts, all arriving at the same moment. */
export async function simultaneousCheckouts(accounts: Account[]): Promise<RushOutcome> {
  const responses = await simultaneousPosts('/api/checkout', accounts.length, (i) => ({ Authorization: `Bearer ${accounts[i].token}` }));
  return {
    responses,
    created: responses.filter((res) => res.status === 201),
    refused: responses.filter((res) => res.status === 409),
    other: responses.filter((res) => res.status !== 201 && res.status !== 409),
  };
}

/** `buyers` new customers, each with `quantity` of the product in the cart, check out at once. */
export async function rush(product: StoredProduct, buyers: number, quantity = 1): Promise<RushOutcome> {
  const accounts = await Promise.all(Array.from({ length: buyers }, () => addAccount()));
  for (const account of accounts) await addToCart(account, product, quantity);
  return simultaneousCheckouts(accounts);
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
