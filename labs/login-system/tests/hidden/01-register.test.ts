import { app, bodyExcerpt, expectStatus, uniqueUser } from 'backlab/kit';
import { register } from '../support/session';
import { requireUserRow } from '../support/users-table';

jest.setTimeout(30_000);

const json = { 'Content-Type': 'application/json' };

describe('POST /api/register (more cases)', () => {
  test('a mixed-case duplicate is refused with 409 whichever case came first', async () => {
    const user = uniqueUser('mixed');
    const first = `MiXeD${user.email.slice('mixed'.length)}`;
    await register({ ...user, email: first }, 'with an upper-case local part');
    const res = await app()
      .post('/api/register')
      .set(json)
      .send({ ...user, email: first.toLowerCase() });
    expectStatus(res, 409, `POST /api/register with ${first.toLowerCase()} after ${first}`);
  });

  test('names in any script are stored exactly as sent', async () => {
    for (const name of ['Zoë Ångström', '李雷', 'Ольга Петрова', 'Ana 🚀 O’Neil']) {
      const user = { ...uniqueUser('unicode'), name };
      await register(user, `with the name ${name}`);
      const row = await requireUserRow(user.email, `POST /api/register with the name ${name}`);
      if (row.name !== name) {
        throw new Error(
          `users.name should be ${JSON.stringify(name)}, got ${JSON.stringify(row.name)} (is the text stored as utf8mb4?)`,
        );
      }
    }
  });

  test('a password of 8 non-ASCII characters is long enough', async () => {
    const user = { ...uniqueUser('cyrillic'), password: 'пароль12' };
    const res = await app().post('/api/register').set(json).send(user);
    expectStatus(res, 201, 'POST /api/register with the 8-character password "пароль12"');
  });

  test('fields of the wrong type get 400, not 500', async () => {
    const { email, password } = uniqueUser('types');
    const cases: Array<[string, object]> = [
      ['email as a number', { email: 12345, password }],
      ['email as an array', { email: [email], password }],
      ['password as a number', { email, password: 123456789 }],
      ['password as an object', { email, password: { value: password } }],
    ];
    for (const [what, body] of cases) {
      const res = await app().post('/api/register').set(json).send(body);
      expectStatus(res, 400, `POST /api/register with ${what}`);
    }
  });

  test('a body that is not JSON gets 400, not 500', async () => {
    const res = await app().post('/api/register').set(json).send('{"email": "broken"');
    if (res.status !== 400) {
      throw new Error(
        `POST /api/register with malformed JSON: expected 400, got ${res.status} (body: ${bodyExcerpt(res)})`,
      );
    }
  });
});
