import { expectStatus } from 'backlab/kit';
import { expectApiError, pay, placeOrder } from '../support/shop-api';
import { addAccount, addProduct, orderDoc, paymentsFor, tag } from '../support/shop-db';

jest.setTimeout(30_000);

describe('POST /api/orders/:id/pay (more cases)', () => {
  test('a key reused for another order: 422 idempotency_key_reused, that order not charged', async () => {
    const customer = await addAccount();
    const first = await placeOrder(customer, [[await addProduct({ price: 500 }), 1]]);
    const second = await placeOrder(customer, [[await addProduct({ price: 700 }), 1]]);
    const key = `reuse-${tag()}`;
    expectStatus(await pay(customer, first.id, key), 201, 'POST /api/orders/:id/pay for the first order');
    expectApiError(
      await pay(customer, second.id, key),
      422,
      'idempotency_key_reused',
      "POST /api/orders/:id/pay for a second order with the first order's key",
    );
    expect((await paymentsFor(second.id)).length).toBe(0);
    expect((await orderDoc(second.id))?.status).toBe('pending');
  });

  test('the amount is the order total over several lines', async () => {
    const customer = await addAccount();
    const order = await placeOrder(customer, [
      [await addProduct({ price: 1234 }), 3],
      [await addProduct({ price: 99 }), 7],
    ]);
    const res = await pay(customer, order.id, `total-${tag()}`);
    expectStatus(res, 201, 'POST /api/orders/:id/pay');
    expect(res.body?.amount).toBe(3 * 1234 + 7 * 99);
    const [payment] = await paymentsFor(order.id);
    expect(payment?.amount).toBe(3 * 1234 + 7 * 99);
  });

  test('keys belong to their customer: two customers may use the same key', async () => {
    const key = `shared-${tag()}`;
    for (let customers = 0; customers < 2; customers++) {
      const customer = await addAccount();
      const order = await placeOrder(customer, [[await addProduct({ price: 300 }), 1]]);
      expectStatus(
        await pay(customer, order.id, key),
        201,
        `POST /api/orders/:id/pay with the key "${key}" another customer also used`,
      );
      expect((await paymentsFor(order.id)).length).toBe(1);
    }
  });
});
