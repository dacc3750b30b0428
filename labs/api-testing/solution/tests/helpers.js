const { randomBytes } = require('node:crypto');
const request = require('supertest');

const api = () => request(process.env.API_URL);

/** A user no other test uses, registered and logged in: {email, password, token}. */
async function loggedInUser() {
  const email = `reader-${randomBytes(4).toString('hex')}@example.test`;
  const password = 'correct horse battery';
  const registered = await api().post('/api/users').send({ email, password });
  expect(registered.status).toBe(201);
  const login = await api().post('/api/login').send({ email, password });
  expect(login.status).toBe(200);
  return { id: registered.body.id, email, password, token: login.body.token };
}

const validBook = () => ({ title: 'A Test Book', author: 'Some Author', year: 2001, price: 12.5 });

module.exports = { api, loggedInUser, validBook };
