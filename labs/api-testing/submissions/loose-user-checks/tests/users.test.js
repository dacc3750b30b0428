// The solution's user tests, checking users with toMatchObject, which lets extra fields through.
const { randomBytes } = require('node:crypto');
const { api, loggedInUser } = require('./helpers');

const newEmail = () => `user-${randomBytes(4).toString('hex')}@example.test`;

describe('POST /api/users', () => {
  test('registers a user: 201 with id and email', async () => {
    const email = newEmail();
    const res = await api().post('/api/users').send({ email, password: 'long enough password' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), email });
  });

  test('refuses a short password with 400', async () => {
    const res = await api().post('/api/users').send({ email: newEmail(), password: 'short' });
    expect(res.status).toBe(400);
  });

  test('refuses a second registration of an email with 409', async () => {
    const email = newEmail();
    await api().post('/api/users').send({ email, password: 'long enough password' });
    const again = await api().post('/api/users').send({ email, password: 'long enough password' });
    expect(again.status).toBe(409);
  });
});

describe('POST /api/login', () => {
  test('refuses a wrong password with 401', async () => {
    const { email } = await loggedInUser();
    const res = await api().post('/api/login').send({ email, password: 'not the password' });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/me', () => {
  test('answers the logged-in user', async () => {
    const user = await loggedInUser();
    const res = await api().get('/api/me').set('Authorization', `Bearer ${user.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: user.id, email: user.email });
  });

  test('needs a login: 401 without a token', async () => {
    expect((await api().get('/api/me')).status).toBe(401);
  });
});
