import { app, bodyExcerpt, expectStatus } from 'backlab/kit';
import { simultaneousPosts } from './support/held-requests';
import { as, expectApiError, pay, placeOrder } from './support/shop-api';
import { addAccount, addProduct, orderDoc, paymentsFor, tag } from './support/shop-db';

jest.setTimeout(30_000);

async function pendingOrder(price = 2400, quantity = 2) {
  const customer = await addAccount();
  const order = await placeOrder(customer, [[await addProduct({ price, stock: 10 }), quantity]]);
  return { customer, order };
}

function expectPaymentCount(payments: unknown[], expected: number, after: string): void {
  if (payments.length !== expected) {
    throw new Error(
      `After ${after}, the payments collection should hold ${expected} payment(s) for the order, found ${payments.length}: the customer was charged ${payments.length} times`,
    );
  }
}

describe('POST /api/orders/:id/pay', () => {
  test("needs a token (401); another customer's order is 404 not_found", async () => {
    const { order } = await pendingOrder();
    expectApiError(
      await app().post(`/api/orders/${order.id}/pay`).set('Idempotency-Key', tag()),
      401,
      'unauthorized',
      'POST /api/orders/:id/pay without a token',
    );
    const stranger = await addAccount();
    expectApiError(
      await pay(stranger, order.id, tag()),
      404,
      'not_found',
      "POST /api/orders/:id/pay for another customer's order",
    );
    expectPaymentCount(await paymentsFor(order.id), 0, 'refused payment requests');
  });

  test('without an Idempotency-Key header: 400 idempotency_key_required, nothing charged', async () => {
    const { customer, order } = await pendingOrder();
    expectApiError(
      await pay(customer, order.id, undefined),
      400,
      'idempotency_key_required',
      'POST /api/orders/:id/pay without Idempotency-Key',
    );
    expectPaymentCount(await paymentsFor(order.id), 0, 'a payment request without Idempotency-Key');
  });

  test('pays the order: 201 {id, orderId, amount, status: "succeeded"}; the order is paid', async () => {
    const { customer, order } = await pendingOrder(2400, 2);
    const res = await pay(customer, order.id, `pay-${tag()}`);
    expectStatus(res, 201, `POST /api/orders/${order.id}/pay`);
    if (typeof res.body?.id !== 'string')
      throw new Error(`POST /api/orders/:id/pay: expected the payment with an "id", got ${bodyExcerpt(res)}`);
    expect(res.body).toMatchObject({ orderId: order.id, amount: 4800, status: 'succeeded' });
    const payments = await paymentsFor(order.id);
    expectPaymentCount(payments, 1, 'one payment');
    expect(payments[0].amount).toBe(4800);
    const stored = await orderDoc(order.id);
    if (stored?.status !== 'paid')
      throw new Error(
        `After a successful payment, orders.status should be "paid", got ${JSON.stringify(stored?.status)}`,
      );
    const shown = await as(customer, 'get', `/api/orders/${order.id}`);
    expectStatus(shown, 200, 'GET /api/orders/:id after paying');
    expect(shown.body).toMatchObject({ status: 'paid' });
  });

  test('a retry with the same key returns the same payment (200) and charges once', async () => {
    const { customer, order } = await pendingOrder();
    const key = `retry-${tag()}`;
    const first = await pay(customer, order.id, key);
    expectStatus(first, 201, 'POST /api/orders/:id/pay (first attempt)');
    const retry = await pay(customer, order.id, key);
    expectStatus(
      retry,
      200,
      'POST /api/orders/:id/pay again with the same Idempotency-Key (a retry after a timeout)',
    );
    if (retry.body?.id !== first.body?.id) {
      throw new Error(
        `A retry with the same Idempotency-Key must return the first payment (id ${first.body?.id}), got ${bodyExcerpt(retry)}`,
      );
    }
    expectPaymentCount(await paymentsFor(order.id), 1, 'two requests with the same Idempotency-Key');
  });

  test('retries sent at the same moment with one key charge once', async () => {
    const { customer, order } = await pendingOrder();
    const key = `burst-${tag()}`;
    const responses = await simultaneousPosts(`/api/orders/${order.id}/pay`, 6, () => ({
      Authorization: `Bearer ${customer.token}`,
      'Idempotency-Key': key,
    }));
    const statuses = responses.map((res) => res.status);
    if (statuses.filter((s) => s === 201).length !== 1 || statuses.some((s) => s !== 200 && s !== 201)) {
      throw new Error(
        `6 simultaneous POST /api/orders/:id/pay with one Idempotency-Key: expected one 201 and five 200, got ${statuses.join(', ')}`,
      );
    }
    const ids = new Set(responses.map((res) => res.body?.id));
    if (ids.size !== 1)
      throw new Error(
        `Every answer to the same Idempotency-Key must show the same payment, got ids ${[...ids].join(', ')}`,
      );
    expectPaymentCount(await paymentsFor(order.id), 1, '6 simultaneous requests with one Idempotency-Key');
  });

  test('a new key for a paid order: 409 already_paid, still one payment', async () => {
    const { customer, order } = await pendingOrder();
    expectStatus(await pay(customer, order.id, `first-${tag()}`), 201, 'POST /api/orders/:id/pay');
    expectApiError(
      await pay(customer, order.id, `second-${tag()}`),
      409,
      'already_paid',
      'POST /api/orders/:id/pay for a paid order with a new Idempotency-Key',
    );
    expectPaymentCount(await paymentsFor(order.id), 1, 'paying twice with different keys');
  });
});
