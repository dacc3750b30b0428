import { app, bodyExcerpt, expectStatus, mongo } from 'backlab/kit';
import { as, expectApiError } from './support/shop-api';
import { addAccount, addProduct, productDoc, seededAccount, tag } from './support/shop-db';

jest.setTimeout(30_000);

const newProduct = () => ({
  name: `Desk Lamp ${tag()}`,
  description: 'LED, warm white',
  category: 'home',
  price: 3900,
  stock: 12,
});

async function storedByName(name: string) {
  const db = await mongo();
  return db.collection('products').findOne({ name });
}

describe('admin-only product management', () => {
  test('POST /api/products without a token: 401 unauthorized, nothing stored', async () => {
    const body = newProduct();
    expectApiError(
      await app().post('/api/products').send(body),
      401,
      'unauthorized',
      'POST /api/products without an Authorization header',
    );
    if (await storedByName(body.name))
      throw new Error(`POST /api/products without a token stored "${body.name}" anyway`);
  });

  test('an unknown token gets 401 unauthorized', async () => {
    const res = await app()
      .post('/api/products')
      .set('Authorization', `Bearer tok_nobody_${tag()}`)
      .send(newProduct());
    expectApiError(res, 401, 'unauthorized', 'POST /api/products with a token no user has');
  });

  test('a customer gets 403 forbidden on POST, PATCH and DELETE, and nothing changes', async () => {
    const customer = await addAccount('customer');
    const body = newProduct();
    expectApiError(
      await as(customer, 'post', '/api/products').send(body),
      403,
      'forbidden',
      'POST /api/products as a customer',
    );
    if (await storedByName(body.name))
      throw new Error(`POST /api/products as a customer answered 403 but stored "${body.name}"`);
    const product = await addProduct({ price: 2500 });
    expectApiError(
      await as(customer, 'patch', `/api/products/${product.id}`).send({ price: 1 }),
      403,
      'forbidden',
      'PATCH /api/products/:id as a customer',
    );
    expectApiError(
      await as(customer, 'delete', `/api/products/${product.id}`),
      403,
      'forbidden',
      'DELETE /api/products/:id as a customer',
    );
    const doc = await productDoc(product.id);
    if (!doc || doc.price !== 2500) {
      throw new Error(
        `A customer's PATCH or DELETE changed the product: it is now ${doc ? `priced ${doc.price}` : 'gone'}`,
      );
    }
  });

  test('the seeded admin creates a product: 201 with its id, stored in products', async () => {
    const admin = await seededAccount('ada@shop.test');
    const body = newProduct();
    const res = await as(admin, 'post', '/api/products').send(body);
    expectStatus(res, 201, `POST /api/products as the admin ${admin.email}`);
    if (typeof res.body?.id !== 'string' || !/^[0-9a-f]{24}$/i.test(res.body.id)) {
      throw new Error(
        `POST /api/products: expected the new product with "id" (24 hex digits), got ${bodyExcerpt(res)}`,
      );
    }
    expect(res.body).toMatchObject({
      name: body.name,
      category: body.category,
      price: body.price,
      stock: body.stock,
    });
    const doc = await productDoc(res.body.id);
    if (!doc)
      throw new Error(
        `POST /api/products answered id ${res.body.id}, but no product with that _id is in the products collection`,
      );
    expect({ name: doc.name, category: doc.category, price: doc.price, stock: doc.stock }).toEqual({
      name: body.name,
      category: body.category,
      price: body.price,
      stock: body.stock,
    });
    const shown = await app().get(`/api/products/${res.body.id}`);
    expectStatus(shown, 200, 'GET /api/products/:id of the product just created');
  });

  test('invalid fields get 400 validation_error and nothing is stored', async () => {
    const admin = await addAccount('admin');
    const cases: Array<[string, Record<string, unknown>]> = [
      ['no name', { ...newProduct(), name: undefined }],
      ['an empty name', { ...newProduct(), name: '' }],
      ['no price', { ...newProduct(), price: undefined }],
      ['a negative price', { ...newProduct(), price: -100 }],
      ['a price in euros (12.5) instead of cents', { ...newProduct(), price: 12.5 }],
      ['the price as a string', { ...newProduct(), price: '3900' }],
      ['a negative stock', { ...newProduct(), stock: -1 }],
    ];
    for (const [what, body] of cases) {
      const res = await as(admin, 'post', '/api/products').send(body);
      expectApiError(res, 400, 'validation_error', `POST /api/products with ${what}`);
      if (typeof body.name === 'string' && body.name && (await storedByName(body.name))) {
        throw new Error(`POST /api/products with ${what} answered 400 but stored the product`);
      }
    }
  });

  test('PATCH changes only the fields sent and answers the whole product', async () => {
    const admin = await addAccount('admin');
    const product = await addProduct({ price: 1500, stock: 3 });
    const res = await as(admin, 'patch', `/api/products/${product.id}`).send({ price: 1750 });
    expectStatus(res, 200, `PATCH /api/products/${product.id} {price: 1750}`);
    expect(res.body).toMatchObject({ id: product.id, name: product.name, price: 1750, stock: 3 });
    const doc = await productDoc(product.id);
    expect({ price: doc?.price, stock: doc?.stock, name: doc?.name }).toEqual({
      price: 1750,
      stock: 3,
      name: product.name,
    });
    const bad = await as(admin, 'patch', `/api/products/${product.id}`).send({ stock: -5 });
    expectApiError(bad, 400, 'validation_error', 'PATCH /api/products/:id {stock: -5}');
  });

  test('DELETE removes the product: 204, then 404 not_found', async () => {
    const admin = await addAccount('admin');
    const product = await addProduct();
    const res = await as(admin, 'delete', `/api/products/${product.id}`);
    expectStatus(res, 204, `DELETE /api/products/${product.id}`);
    if (await productDoc(product.id))
      throw new Error(
        'DELETE /api/products/:id answered 204 but the product is still in the products collection',
      );
    expectApiError(
      await app().get(`/api/products/${product.id}`),
      404,
      'not_found',
      'GET /api/products/:id after DELETE',
    );
    expectApiError(
      await as(admin, 'delete', `/api/products/${product.id}`),
      404,
      'not_found',
      'DELETE /api/products/:id a second time',
    );
  });

  test('errors are JSON everywhere: unknown routes 404 not_found, broken JSON 400 invalid_json', async () => {
    expectApiError(await app().get('/api/no-such-route'), 404, 'not_found', 'GET /api/no-such-route');
    const admin = await addAccount('admin');
    const broken = await as(admin, 'post', '/api/products')
      .set('Content-Type', 'application/json')
      .send('{"name": "Lamp",');
    expectApiError(broken, 400, 'invalid_json', 'POST /api/products with a body that is not valid JSON');
  });
});
