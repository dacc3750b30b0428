import type { Response } from 'supertest';
import { app, bodyExcerpt, expectStatus, uniqueUser } from 'backlab/kit';
import { register } from './support/session';
import { requireUserRow } from './support/users-table';

jest.setTimeout(30_000);

const json = { 'Content-Type': 'application/json' };

function postRegister(body: unknown) {
  return app()
    .post('/api/register')
    .set(json)
    .send(body as object);
}

function expectErrorBody(res: Response, context: string): void {
  if (typeof res.body?.error !== 'string' || res.body.error.length === 0) {
    throw new Error(`${context}: expected a JSON body like {"error": "…"}, got ${bodyExcerpt(res)}`);
  }
}

describe('POST /api/register', () => {
  test('creates a user: 201 with {id, email}', async () => {
    const user = uniqueUser('reg');
    const res = await postRegister(user);
    expectStatus(res, 201, `POST /api/register with a new user ${user.email}`);
    const { id, email } = res.body ?? {};
    if (!Number.isInteger(id) || id <= 0) {
      throw new Error(
        `POST /api/register: expected "id" to be the new row's id (a positive integer), got ${bodyExcerpt(res)}`,
      );
    }
    if (typeof email !== 'string' || email.toLowerCase() !== user.email.toLowerCase()) {
      throw new Error(`POST /api/register: expected "email" to be ${user.email}, got ${bodyExcerpt(res)}`);
    }
  });

  test('never returns the password or its hash', async () => {
    const user = uniqueUser('reg');
    const res = await postRegister(user);
    expectStatus(res, 201, `POST /api/register with a new user ${user.email}`);
    const text = res.text ?? '';
    if (text.includes(user.password)) {
      throw new Error(
        `POST /api/register: the response contains the password; send only {id, email}. Body: ${bodyExcerpt(res)}`,
      );
    }
    const leaked = ['password', 'password_hash', 'passwordHash', 'hash'].filter(
      (key) => key in (res.body ?? {}),
    );
    if (leaked.length > 0 || /\$2[aby]?\$|\$argon2|scrypt/.test(text)) {
      throw new Error(
        `POST /api/register: the response reveals ${leaked.join(', ') || 'a password hash'}; send only {id, email}. Body: ${bodyExcerpt(res)}`,
      );
    }
  });

  test('saves the user, with its name, in the users table', async () => {
    const user = uniqueUser('reg');
    const created = await register(user, 'with a name');
    const row = await requireUserRow(user.email, 'POST /api/register');
    if (Number(row.id) !== Number(created.id)) {
      throw new Error(
        `The response said id ${String(created.id)}, but the users row for ${user.email} has id ${row.id}`,
      );
    }
    if (row.name !== user.name) {
      throw new Error(
        `Expected users.name to be ${JSON.stringify(user.name)} (sent as "name"), got ${JSON.stringify(row.name)}`,
      );
    }
  });

  test('accepts a registration without a name', async () => {
    const { email, password } = uniqueUser('noname');
    const res = await postRegister({ email, password });
    expectStatus(res, 201, 'POST /api/register without "name" (name is optional)');
  });

  test('rejects an invalid email with 400 {error}', async () => {
    const { password } = uniqueUser();
    for (const email of [
      'not-an-email',
      'missing-at.example.test',
      'two@@example.test',
      'spaces in@example.test',
      '',
    ]) {
      const res = await postRegister({ email, password });
      const context = `POST /api/register with email ${JSON.stringify(email)}`;
      expectStatus(res, 400, context);
      expectErrorBody(res, context);
    }
  });

  test('requires a password of at least 8 characters', async () => {
    const seven = uniqueUser('short');
    const short = await postRegister({ ...seven, password: '1234567' });
    expectStatus(short, 400, 'POST /api/register with a 7-character password');
    expectErrorBody(short, 'POST /api/register with a 7-character password');
    const eight = uniqueUser('eight');
    const ok = await postRegister({ ...eight, password: '12345678' });
    expectStatus(ok, 201, 'POST /api/register with an 8-character password (the minimum is allowed)');
  });

  test('rejects missing fields with 400 {error}', async () => {
    const { email, password } = uniqueUser('missing');
    const cases: Array<[string, object]> = [
      ['an empty JSON object', {}],
      ['no password', { email }],
      ['no email', { password }],
    ];
    for (const [what, body] of cases) {
      const res = await postRegister(body);
      expectStatus(res, 400, `POST /api/register with ${what}`);
      expectErrorBody(res, `POST /api/register with ${what}`);
    }
  });

  test('rejects an email that is already registered with 409, whatever its case', async () => {
    const user = uniqueUser('dup');
    await register(user, 'the first time');
    const again = await postRegister({ ...user, password: 'another-password' });
    expectStatus(again, 409, `POST /api/register with ${user.email} a second time`);
    expectErrorBody(again, `POST /api/register with ${user.email} a second time`);
    const upper = user.email.toUpperCase();
    const shouting = await postRegister({ ...user, email: upper });
    expectStatus(
      shouting,
      409,
      `POST /api/register with ${upper} after ${user.email} (emails are case-insensitive)`,
    );
  });
});
