/** Calling the shop API as a given user, and checking its JSON errors. */
import type { Response, Test } from 'supertest';
import { app, bodyExcerpt, expectStatus } from 'backlab/kit';
import type { Account, StoredProduct } from './shop-db';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** A request carrying the account's token as "Authorization: Bearer <token>" (none for undefined). */
export function as(account: Account | undefined, method: Method, path: string): Test {
  const req = app()[method](path);
  return account ? req.set('Authorization', `Bearer ${account.token}`) : req;
}

/** What the checks below read of a response: supertest's, or a plain one from held-requests. */
export type ResponseLike = Pick<Response, 'status' | 'body' | 'text'>;

export function excerpt(res: ResponseLike, max = 200): string {
  const text = res.text ?? JSON.stringify(res.body ?? '');
  return text.length > max ? `${text.slice(0, max)}…` : text || '(empty)';
}

/**
 * Asserts a status and the error body every error must have:
 * {"error": {"code": "<code>", "message": "<text>"}}.
 */
export function expectApiError(res: ResponseLike, status: number, code: string, context: string): void {
  if (res.status !== status) {
    throw new Error(
      `${context}: expected status ${status} with error code "${code}", got ${res.status} (body: ${excerpt(res)})`,
    );
  }
  const error = res.body?.error;
  if (typeof error !== 'object' || error === null || Array.isArray(error)) {
    throw new Error(
      `${context}: expected a JSON body {"error": {"code": "${code}", "message": "…"}}, got ${excerpt(res)}`,
    );
  }
  if (error.code !== code) {
    throw new Error(
      `${context}: expected error.code "${code}", got ${JSON.stringify(error.code)} (body: ${excerpt(res)})`,
    );
  }
  if (typeof error.message !== 'string' || error.message.trim() === '') {
    throw new Error(`${context}: expected error.message to explain the error in words, got ${excerpt(res)}`);
  }
}

/** Puts `quantity` of a product in the account's cart; fails with the app's answer unless 200/201. */
export async function addToCart(account: Account, product: StoredProduct, quantity = 1): Promise<Response> {
  const res = await as(account, 'post', '/api/cart/items').send({ productId: product.id, quantity });
  expectStatus(
    res,
    [200, 201],
    `POST /api/cart/items {productId: "${product.id}", quantity: ${quantity}} ("${product.name}", stock ${product.stock})`,
  );
  return res;
}

export function checkout(account: Account): Test {
  return as(account, 'post', '/api/checkout');
}

export interface PlacedOrder {
  id: string;
  total: number;
  body: Record<string, unknown>;
}

/** Fills the cart and checks out; fails with the app's answer unless 201 with an order id. */
export async function placeOrder(
  account: Account,
  lines: Array<[StoredProduct, number]>,
): Promise<PlacedOrder> {
  for (const [product, quantity] of lines) await addToCart(account, product, quantity);
  const res = await checkout(account);
  expectStatus(res, 201, `POST /api/checkout (to set up this test) with ${describeLines(lines)}`);
  if (typeof res.body?.id !== 'string') {
    throw new Error(
      `POST /api/checkout: expected the new order with an "id" string, got ${bodyExcerpt(res)}`,
    );
  }
  return {
    id: res.body.id as string,
    total: Number(res.body.total),
    body: res.body as Record<string, unknown>,
  };
}

/** POST /api/orders/:id/pay, with an Idempotency-Key header unless the key is undefined. */
export function pay(account: Account, orderId: string, key: string | undefined): Test {
  const req = as(account, 'post', `/api/orders/${orderId}/pay`);
  return key === undefined ? req : req.set('Idempotency-Key', key);
}

export function describeLines(lines: Array<[StoredProduct, number]>): string {
  return lines.map(([p, q]) => `${q} × "${p.name}"`).join(' and ');
}
