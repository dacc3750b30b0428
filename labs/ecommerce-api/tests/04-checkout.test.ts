import { app, bodyExcerpt, expectStatus } from 'backlab/kit';
import { addToCart, as, checkout, expectApiError, placeOrder } from './support/shop-api';
import { addAccount, addProduct, orderDoc, setStock, stockOf } from './support/shop-db';

jest.setTimeout(30_000);

describe('POST /api/checkout', () => {
  test('needs a token: 401 unauthorized', async () => {
    expectApiError(
      await app().post('/api/checkout'),
      401,
      'unauthorized',
      'POST /api/checkout without a token',
    );
  });

  test('an empty cart: 400 cart_empty', async () => {
    expectApiError(
      await checkout(await addAccount()),
      400,
      'cart_empty',
      'POST /api/checkout with nothing in the cart',
    );
  });

  test('creates the order: 201 {id, items, total, status: "pending"}', async () => {
    const customer = await addAccount();
    const [mug, tea] = [
      await addProduct({ price: 850, stock: 4 }),
      await addProduct({ price: 1200, stock: 9 }),
    ];
    await addToCart(customer, mug, 2);
    await addToCart(customer, tea, 1);
    const res = await checkout(customer);
    expectStatus(res, 201, 'POST /api/checkout with 2 mugs and 1 tea in the cart');
    if (typeof res.body?.id !== 'string' || !Array.isArray(res.body?.items)) {
      throw new Error(
        `POST /api/checkout: expected the order as {id, items, total, status}, got ${bodyExcerpt(res)}`,
      );
    }
    expect(res.body).toMatchObject({ total: 2 * 850 + 1200, status: 'pending' });
    const lines = [...res.body.items].sort((a: { price: number }, b: { price: number }) => a.price - b.price);
    expect(lines).toMatchObject([
      { productId: mug.id, name: mug.name, price: 850, quantity: 2 },
      { productId: tea.id, name: tea.name, price: 1200, quantity: 1 },
    ]);
  });

  test('stores the order in orders with userId, items, total and status', async () => {
    const customer = await addAccount();
    const product = await addProduct({ price: 640, stock: 5 });
    const order = await placeOrder(customer, [[product, 3]]);
    const doc = await orderDoc(order.id);
    if (!doc)
      throw new Error(
        `POST /api/checkout answered id ${order.id}, but no document with that _id is in the orders collection`,
      );
    // By _bsontype, not instanceof: the kit's driver may load its own copy of the bson classes.
    if (doc.userId?._bsontype !== 'ObjectId' || String(doc.userId) !== customer.id.toHexString()) {
      throw new Error(
        `orders.userId should be the customer's _id (an ObjectId, ${customer.id.toHexString()}), got ${JSON.stringify(doc.userId)}`,
      );
    }
    expect({ total: doc.total, status: doc.status }).toEqual({ total: 1920, status: 'pending' });
    expect(doc.items).toHaveLength(1);
    expect(String(doc.items[0].productId)).toBe(product.id);
    expect({ price: doc.items[0].price, quantity: doc.items[0].quantity }).toEqual({
      price: 640,
      quantity: 3,
    });
  });

  test('takes the stock and empties the cart', async () => {
    const customer = await addAccount();
    const product = await addProduct({ stock: 7 });
    await placeOrder(customer, [[product, 3]]);
    const stock = await stockOf(product);
    if (stock !== 4)
      throw new Error(`After an order of 3 from a stock of 7, products.stock should be 4, got ${stock}`);
    const cart = await as(customer, 'get', '/api/cart');
    expectStatus(cart, 200, 'GET /api/cart after checkout');
    expect(cart.body).toMatchObject({ items: [], total: 0 });
  });

  test('not enough stock any more: 409 out_of_stock, nothing taken, the cart kept', async () => {
    const customer = await addAccount();
    const product = await addProduct({ stock: 5 });
    await addToCart(customer, product, 3);
    await setStock(product, 2); // someone else bought some in the meantime
    expectApiError(
      await checkout(customer),
      409,
      'out_of_stock',
      'POST /api/checkout for 3 when only 2 are left',
    );
    const stock = await stockOf(product);
    if (stock !== 2) throw new Error(`A refused checkout changed the stock from 2 to ${stock}`);
    const cart = await as(customer, 'get', '/api/cart');
    expect(cart.body?.items?.length).toBe(1);
  });

  test('all or nothing: when one line runs short, the other lines keep their stock', async () => {
    const customer = await addAccount();
    const [plenty, scarce] = [await addProduct({ stock: 10 }), await addProduct({ stock: 2 })];
    await addToCart(customer, plenty, 4);
    await addToCart(customer, scarce, 2);
    await setStock(scarce, 1);
    expectApiError(
      await checkout(customer),
      409,
      'out_of_stock',
      'POST /api/checkout when the second line has 2 wanted but 1 left',
    );
    const [a, b] = [await stockOf(plenty), await stockOf(scarce)];
    if (a !== 10 || b !== 1) {
      throw new Error(
        `A refused checkout must take nothing: expected stocks 10 and 1, got ${a} and ${b} (put back what you took from earlier lines)`,
      );
    }
  });

  test('GET /api/orders/:id shows my order; to another customer it is 404 not_found', async () => {
    const [owner, stranger] = [await addAccount(), await addAccount()];
    const order = await placeOrder(owner, [[await addProduct({ price: 999 }), 1]]);
    const mine = await as(owner, 'get', `/api/orders/${order.id}`);
    expectStatus(mine, 200, `GET /api/orders/${order.id} as its owner`);
    expect(mine.body).toMatchObject({ id: order.id, total: 999, status: 'pending' });
    expectApiError(
      await as(stranger, 'get', `/api/orders/${order.id}`),
      404,
      'not_found',
      "GET /api/orders/:id of another customer's order",
    );
  });

  test('GET /api/orders lists my orders only', async () => {
    const [owner, other] = [await addAccount(), await addAccount()];
    const first = await placeOrder(owner, [[await addProduct(), 1]]);
    const second = await placeOrder(owner, [[await addProduct(), 2]]);
    await placeOrder(other, [[await addProduct(), 1]]);
    const res = await as(owner, 'get', '/api/orders');
    expectStatus(res, 200, 'GET /api/orders');
    if (!Array.isArray(res.body?.items))
      throw new Error(`GET /api/orders: expected {items: [...]}, got ${bodyExcerpt(res)}`);
    expect(res.body.items.map((o: { id: string }) => o.id).sort()).toEqual([first.id, second.id].sort());
  });
});
