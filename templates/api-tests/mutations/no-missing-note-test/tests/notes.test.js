const request = require('supertest');

const api = () => request(process.env.API_URL);

test('GET /api/notes/1 answers the welcome note', async () => {
  const res = await api().get('/api/notes/1');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id: 1, title: 'Welcome' });
});

test('POST /api/notes saves a note: 201, then readable', async () => {
  const res = await api().post('/api/notes').send({ title: 'Groceries', body: 'milk' });
  expect(res.status).toBe(201);
  const read = await api().get(`/api/notes/${res.body.id}`);
  expect(read.body).toEqual({ id: res.body.id, title: 'Groceries', body: 'milk' });
});

test('POST /api/notes refuses a note without a title with 400', async () => {
  expect((await api().post('/api/notes').send({ body: 'no title' })).status).toBe(400);
});
