// Only the happy paths: every request is one the API accepts.
const { randomBytes } = require('node:crypto');
const request = require('supertest');

const api = () => request(process.env.API_URL);

test('lists books', async () => {
  const res = await api().get('/api/books');
  expect(res.status).toBe(200);
  expect(res.body.items.length).toBeGreaterThan(0);
});

test('gets one book', async () => {
  const res = await api().get('/api/books/2');
  expect(res.status).toBe(200);
  expect(res.body.title).toBeDefined();
});

test('registers and logs in', async () => {
  const email = `happy-${randomBytes(4).toString('hex')}@example.test`;
  const registered = await api().post('/api/users').send({ email, password: 'long enough password' });
  expect(registered.status).toBe(201);
  expect(registered.body).toMatchObject({ email });
  const login = await api().post('/api/login').send({ email, password: 'long enough password' });
  expect(login.status).toBe(200);
  expect(typeof login.body.token).toBe('string');
});

test('adds a book when logged in', async () => {
  const email = `adder-${randomBytes(4).toString('hex')}@example.test`;
  await api().post('/api/users').send({ email, password: 'long enough password' });
  const { token } = (await api().post('/api/login').send({ email, password: 'long enough password' })).body;
  const res = await api()
    .post('/api/books')
    .set('Authorization', `Bearer ${token}`)
    .send({ title: 'Happy', author: 'Path', year: 2020, price: 5 });
  expect(res.status).toBe(201);
});

test('deletes a book when logged in', async () => {
  const email = `deleter-${randomBytes(4).toString('hex')}@example.test`;
  await api().post('/api/users').send({ email, password: 'long enough password' });
  const { token } = (await api().post('/api/login').send({ email, password: 'long enough password' })).body;
  const res = await api().delete('/api/books/3').set('Authorization', `Bearer ${token}`);
  expect(res.status).toBe(204);
});
