import type { Response } from 'supertest';
import { app, bodyExcerpt, expectStatus } from 'backlab/kit';
import { addToCart, as, expectApiError } from './support/shop-api';
import { addAccount, addProduct, type Account, type StoredProduct } from './support/shop-db';

jest.setTimeout(30_000);

interface CartLine {
  productId: string;
  name: string;
  price: number;
  quantity: number;
  lineTotal: number;
}

async function cartOf(account: Account): Promise<{ items: CartLine[]; total: number }> {
  const res = await as(account, 'get', '/api/cart');
  expectStatus(res, 200, `GET /api/cart as ${account.email}`);
  return expectCartBody(res, 'GET /api/cart');
}

function expectCartBody(res: Response, context: string): { items: CartLine[]; total: number } {
  if (!Array.isArray(res.body?.items) || !Number.isInteger(res.body?.total)) {
    throw new Error(`${context}: expected {items: [...], total} (total in cents), got ${bodyExcerpt(res)}`);
  }
  return res.body;
}

function lineOf(cart: { items: CartLine[] }, product: StoredProduct): CartLine | undefined {
  return cart.items.find((line) => line.productId === product.id);
}

describe('the cart', () => {
  test('needs a token: 401 unauthorized', async () => {
    expectApiError(await app().get('/api/cart'), 401, 'unauthorized', 'GET /api/cart without a token');
    const product = await addProduct();
    const res = await app().post('/api/cart/items').send({ productId: product.id, quantity: 1 });
    expectApiError(res, 401, 'unauthorized', 'POST /api/cart/items without a token');
  });

  test('a new customer starts with an empty cart: {items: [], total: 0}', async () => {
    const cart = await cartOf(await addAccount());
    expect(cart).toEqual({ items: [], total: 0 });
  });

  test('POST /api/cart/items adds a line with productId, name, price, quantity and lineTotal', async () => {
    const customer = await addAccount();
    const product = await addProduct({ price: 1250, stock: 5 });
    const res = await addToCart(customer, product, 2);
    const answered = expectCartBody(res, 'POST /api/cart/items');
    expect(answered.items).toHaveLength(1);
    const cart = await cartOf(customer);
    expect(cart.items).toMatchObject([
      { productId: product.id, name: product.name, price: 1250, quantity: 2, lineTotal: 2500 },
    ]);
    expect(cart.total).toBe(2500);
  });

  test('adding a product again adds to its quantity; the total covers every line', async () => {
    const customer = await addAccount();
    const [pen, ink] = [
      await addProduct({ price: 300, stock: 10 }),
      await addProduct({ price: 725, stock: 10 }),
    ];
    await addToCart(customer, pen, 1);
    await addToCart(customer, ink, 1);
    await addToCart(customer, pen, 3);
    const cart = await cartOf(customer);
    expect(cart.items).toHaveLength(2);
    expect(lineOf(cart, pen)).toMatchObject({ quantity: 4, lineTotal: 1200 });
    expect(cart.total).toBe(4 * 300 + 725);
  });

  test('each customer has a cart of their own', async () => {
    const [alice, bob] = [await addAccount(), await addAccount()];
    const product = await addProduct();
    await addToCart(alice, product, 1);
    const bobs = await cartOf(bob);
    if (bobs.items.length !== 0) {
      throw new Error(
        `GET /api/cart as a second customer shows the first customer's cart: ${JSON.stringify(bobs.items)}`,
      );
    }
  });

  test('unknown products get 404 not_found; bad quantities 400 validation_error', async () => {
    const customer = await addAccount();
    const unknown = await as(customer, 'post', '/api/cart/items').send({
      productId: 'ffffffffffffffffffffffff',
      quantity: 1,
    });
    expectApiError(unknown, 404, 'not_found', 'POST /api/cart/items with a product id that does not exist');
    const product = await addProduct({ stock: 10 });
    for (const quantity of [0, -1, 1.5, '2']) {
      const res = await as(customer, 'post', '/api/cart/items').send({ productId: product.id, quantity });
      expectApiError(
        res,
        400,
        'validation_error',
        `POST /api/cart/items with quantity ${JSON.stringify(quantity)}`,
      );
    }
  });

  test('more than the stock: 409 out_of_stock', async () => {
    const customer = await addAccount();
    const product = await addProduct({ stock: 3 });
    const res = await as(customer, 'post', '/api/cart/items').send({ productId: product.id, quantity: 4 });
    expectApiError(
      res,
      409,
      'out_of_stock',
      'POST /api/cart/items with quantity 4 of a product with stock 3',
    );
    await addToCart(customer, product, 2);
    const again = await as(customer, 'post', '/api/cart/items').send({ productId: product.id, quantity: 2 });
    expectApiError(
      again,
      409,
      'out_of_stock',
      'POST /api/cart/items adding 2 more to a cart holding 2 of a product with stock 3',
    );
  });

  test('DELETE /api/cart/items/:productId removes the line', async () => {
    const customer = await addAccount();
    const [keep, drop] = [await addProduct({ price: 400 }), await addProduct({ price: 900 })];
    await addToCart(customer, keep, 1);
    await addToCart(customer, drop, 2);
    const res = await as(customer, 'delete', `/api/cart/items/${drop.id}`);
    expectStatus(res, [200, 204], `DELETE /api/cart/items/${drop.id}`);
    const cart = await cartOf(customer);
    expect(cart.items.map((line) => line.productId)).toEqual([keep.id]);
    expect(cart.total).toBe(400);
  });
});
