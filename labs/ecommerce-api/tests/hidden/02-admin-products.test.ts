import { app, expectStatus } from 'backlab/kit';
import { list } from '../support/catalogue';
import { as, expectApiError } from '../support/shop-api';
import { addAccount, addProduct, productDoc, tag } from '../support/shop-db';

jest.setTimeout(30_000);

describe('admin-only product management (more cases)', () => {
  test('an admin added while the app runs can create products (tokens come from the users collection)', async () => {
    const admin = await addAccount('admin');
    const category = `lamps-${tag()}`;
    const res = await as(admin, 'post', '/api/products').send({
      name: `Floor Lamp ${tag()}`,
      category,
      price: 8900,
      stock: 2,
    });
    expectStatus(res, 201, 'POST /api/products as an admin inserted into users a moment ago');
    const listing = await list(`category=${category}`);
    expect(listing.items.map((p) => p.id)).toEqual([res.body.id]);
  });

  test('the token only counts as "Authorization: Bearer <token>"', async () => {
    const admin = await addAccount('admin');
    const body = { name: `Lamp ${tag()}`, category: 'home', price: 100, stock: 1 };
    for (const [what, header] of [
      ['the bare token', admin.token],
      ['Basic and the token', `Basic ${admin.token}`],
      ['Bearer and nothing else', 'Bearer '],
      [
        'a token with one character changed',
        `Bearer ${admin.token.slice(0, -1)}${admin.token.endsWith('x') ? 'y' : 'x'}`,
      ],
    ]) {
      const res = await app().post('/api/products').set('Authorization', header).send(body);
      expectApiError(res, 401, 'unauthorized', `POST /api/products with Authorization: ${what}`);
    }
  });

  test('PATCH and DELETE of unknown or malformed ids: 404 not_found', async () => {
    const admin = await addAccount('admin');
    for (const id of ['aaaaaaaaaaaaaaaaaaaaaaaa', 'lamp', '12345']) {
      expectApiError(
        await as(admin, 'patch', `/api/products/${id}`).send({ price: 5 }),
        404,
        'not_found',
        `PATCH /api/products/${id}`,
      );
      expectApiError(
        await as(admin, 'delete', `/api/products/${id}`),
        404,
        'not_found',
        `DELETE /api/products/${id}`,
      );
    }
  });

  test('wrong types get 400 validation_error, and PATCH leaves the product as it was', async () => {
    const admin = await addAccount('admin');
    const product = await addProduct({ price: 700, stock: 4 });
    for (const [what, body] of [
      ['name as a number', { name: 42 }],
      ['stock as a string', { stock: '5' }],
      ['price as null', { price: null }],
      ['stock of 2.5', { stock: 2.5 }],
    ] as Array<[string, object]>) {
      expectApiError(
        await as(admin, 'patch', `/api/products/${product.id}`).send(body),
        400,
        'validation_error',
        `PATCH /api/products/:id with ${what}`,
      );
    }
    const doc = await productDoc(product.id);
    expect({ name: doc?.name, price: doc?.price, stock: doc?.stock }).toEqual({
      name: product.name,
      price: 700,
      stock: 4,
    });
  });

  test('a customer added while the app runs still gets 403 forbidden', async () => {
    const customer = await addAccount('customer');
    const res = await as(customer, 'post', '/api/products').send({
      name: `Lamp ${tag()}`,
      category: 'home',
      price: 100,
      stock: 1,
    });
    expectApiError(res, 403, 'forbidden', 'POST /api/products as a customer');
  });
});
