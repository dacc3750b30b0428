const { api, loggedInUser, validBook } = require('./helpers');

describe('GET /api/books', () => {
  test('page 1 holds the first books in id order', async () => {
    const res = await api().get('/api/books?page=1&limit=5');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
    expect(res.body).toMatchObject({ page: 1, limit: 5 });
  });

  test('page 2 starts where page 1 ends', async () => {
    const first = await api().get('/api/books?page=1&limit=3');
    const second = await api().get('/api/books?page=2&limit=3');
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(first.body.items.length);
  });

  test('an invalid limit is refused with 400', async () => {
    const res = await api().get('/api/books?limit=0');
    expect(res.status).toBe(400);
  });
});

describe('GET /api/books/:id', () => {
  test('answers the book', async () => {
    const res = await api().get('/api/books/1');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: 1,
      title: expect.any(String),
      author: expect.any(String),
      year: expect.any(Number),
      price: expect.any(Number),
    });
  });

  test('answers 404 for a book that does not exist', async () => {
    const res = await api().get('/api/books/999999');
    expect(res.status).toBe(404);
  });
});

describe('POST /api/books', () => {
  test('creates a book: 201 with its id', async () => {
    const { token } = await loggedInUser();
    const res = await api().post('/api/books').set('Authorization', `Bearer ${token}`).send(validBook());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), ...validBook() });
    const read = await api().get(`/api/books/${res.body.id}`);
    expect(read.body.title).toBe(validBook().title);
  });

  test.each([
    ['without a title', { ...validBook(), title: undefined }],
    ['with an empty author', { ...validBook(), author: ' ' }],
    ['with a year that is not a number', { ...validBook(), year: 'soon' }],
    ['with a negative price', { ...validBook(), price: -1 }],
  ])('refuses a book %s with 400', async (_what, book) => {
    const { token } = await loggedInUser();
    const res = await api().post('/api/books').set('Authorization', `Bearer ${token}`).send(book);
    expect(res.status).toBe(400);
  });

  test('needs a login: 401 without a token', async () => {
    const res = await api().post('/api/books').send(validBook());
    expect(res.status).toBe(401);
  });

  test('needs a login: 401 with a made-up token', async () => {
    const res = await api()
      .post('/api/books')
      .set('Authorization', 'Bearer not-a-real-token')
      .send(validBook());
    expect(res.status).toBe(401);
  });
});

describe('DELETE /api/books/:id', () => {
  test('deletes a book: 204, then 404', async () => {
    const { token } = await loggedInUser();
    const created = await api().post('/api/books').set('Authorization', `Bearer ${token}`).send(validBook());
    const res = await api().delete(`/api/books/${created.body.id}`).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(204);
    expect((await api().get(`/api/books/${created.body.id}`)).status).toBe(404);
  });

  test('needs a login: 401 without a token', async () => {
    expect((await api().delete('/api/books/1')).status).toBe(401);
  });
});
