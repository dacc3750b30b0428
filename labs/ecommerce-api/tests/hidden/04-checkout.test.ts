import { expectStatus } from 'backlab/kit';
import { addToCart, as, checkout, expectApiError, placeOrder } from '../support/shop-api';
import { addAccount, addProduct, orderDoc, setStock, stockOf } from '../support/shop-db';

jest.setTimeout(30_000);

describe('POST /api/checkout (more cases)', () => {
  test('an order keeps the price it was placed at when the catalogue price changes later', async () => {
    const customer = await addAccount();
    const admin = await addAccount('admin');
    const product = await addProduct({ price: 1999, stock: 5 });
    const order = await placeOrder(customer, [[product, 2]]);
    const patched = await as(admin, 'patch', `/api/products/${product.id}`).send({ price: 2999 });
    expectStatus(patched, 200, 'PATCH /api/products/:id {price: 2999} after the order');
    const shown = await as(customer, 'get', `/api/orders/${order.id}`);
    expectStatus(shown, 200, 'GET /api/orders/:id');
    expect(shown.body).toMatchObject({ total: 3998, items: [{ price: 1999, quantity: 2 }] });
    const doc = await orderDoc(order.id);
    expect(doc?.total).toBe(3998);
  });

  test('all or nothing when the short line comes first in the cart', async () => {
    const customer = await addAccount();
    const [scarce, plenty, more] = [
      await addProduct({ stock: 3 }),
      await addProduct({ stock: 6 }),
      await addProduct({ stock: 6 }),
    ];
    await addToCart(customer, scarce, 3);
    await addToCart(customer, plenty, 2);
    await addToCart(customer, more, 1);
    await setStock(scarce, 0);
    expectApiError(
      await checkout(customer),
      409,
      'out_of_stock',
      'POST /api/checkout when the first line is sold out',
    );
    expect([await stockOf(scarce), await stockOf(plenty), await stockOf(more)]).toEqual([0, 6, 6]);
    await setStock(scarce, 3);
    expectStatus(await checkout(customer), 201, 'POST /api/checkout again once the stock is back');
    expect([await stockOf(scarce), await stockOf(plenty), await stockOf(more)]).toEqual([0, 4, 5]);
  });

  test('unknown and malformed order ids: 404 not_found', async () => {
    const customer = await addAccount();
    for (const id of ['bbbbbbbbbbbbbbbbbbbbbbbb', 'order-1']) {
      expectApiError(
        await as(customer, 'get', `/api/orders/${id}`),
        404,
        'not_found',
        `GET /api/orders/${id}`,
      );
    }
  });
});
