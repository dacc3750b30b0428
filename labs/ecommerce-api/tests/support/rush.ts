/**
 * Many customers checking out at the same moment: each has the product in the cart first, then
 * every checkout request reaches the app at once, so a read-then-write of the stock collides.
 */
import { simultaneousPosts, type PlainResponse } from './held-requests';
import { excerpt } from './shop-api';
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
  const responses = await simultaneousPosts('/api/checkout', accounts.length, (i) => auth(accounts[i]));
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
  await fillCartsTogether(accounts, product, quantity);
  return simultaneousCheckouts(accounts);
}

/**
 * Adds the product to every cart with simultaneous requests: besides filling the carts, this has
 * the app open as many database connections as the checkouts will need, so that none of them
 * waits for a connection while another one runs ahead.
 */
export async function fillCartsTogether(
  accounts: Account[],
  product: StoredProduct,
  quantity: number,
): Promise<void> {
  const body = JSON.stringify({ productId: product.id, quantity });
  const answers = await simultaneousPosts('/api/cart/items', accounts.length, (i) => auth(accounts[i]), body);
  const refused = answers.find((res) => res.status !== 200 && res.status !== 201);
  if (refused) {
    throw new Error(
      `POST /api/cart/items ${body} ("${product.name}", stock ${product.stock}) from ${accounts.length} customers at once: ` +
        `expected 200 or 201 for each, got ${refused.status} (body: ${excerpt(refused)})`,
    );
  }
}

function auth(account: Account): Record<string, string> {
  return { Authorization: `Bearer ${account.token}` };
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
