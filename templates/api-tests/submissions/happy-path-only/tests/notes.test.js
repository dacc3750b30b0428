// Only requests the API accepts: no missing note, no note without a title.
const request = require('supertest');

const api = () => request(process.env.API_URL);

test('GET /api/notes/1 answers the welcome note', async () => {
  expect((await api().get('/api/notes/1')).status).toBe(200);
});

test('POST /api/notes saves a note', async () => {
  expect((await api().post('/api/notes').send({ title: 'Groceries' })).status).toBe(201);
});

test('a saved note can be read back', async () => {
  const saved = await api().post('/api/notes').send({ title: 'Call mum', body: 'Sunday' });
  expect((await api().get(`/api/notes/${saved.body.id}`)).body.body).toBe('Sunday');
});
