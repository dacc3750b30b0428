import { app, bodyExcerpt, expectStatus, uniqueUser, type TestUser } from 'backlab/kit';
import { expectDatabaseIntact, expectLoginsRefused } from './support/injection';
import { attemptLogin, register } from './support/session';
import { requireUserRow } from './support/users-table';

jest.setTimeout(60_000);

const json = { 'Content-Type': 'application/json' };
const registered: TestUser[] = [];

async function registerVictim(prefix: string, overrides: Partial<TestUser> = {}): Promise<TestUser> {
  const user = { ...uniqueUser(prefix), ...overrides };
  await register(user, 'as the target of the injection attempts');
  registered.push(user);
  return user;
}

describe('SQL injection', () => {
  test('login: SQL in the email never logs in and never breaks the query', async () => {
    const victim = await registerVictim('victim');
    const emails = [
      "' OR '1'='1",
      "' OR '1'='1' -- ",
      "' OR 1=1 #",
      "admin'-- ",
      '" OR ""="',
      `${victim.email}'-- `,
      `${victim.email}' #`,
      `nobody@example.test' OR email='${victim.email}`,
      "'; DROP TABLE users; -- ",
    ];
    await expectLoginsRefused(
      emails.map((email) => ({ email, password: victim.password })),
      "SQL in the email and the victim's real password",
    );
  });

  test('login: SQL in the password never logs in', async () => {
    const victim = await registerVictim('victim');
    const passwords = ["' OR '1'='1", "' OR 1=1 -- ", "anything' OR 'x'='x", "'; DROP TABLE users; -- "];
    await expectLoginsRefused(
      passwords.map((password) => ({ email: victim.email, password })),
      "the victim's email and SQL in the password",
    );
  });

  test('register: SQL in the email is refused as an invalid email, never a 500', async () => {
    const { password } = uniqueUser();
    for (const email of ["' OR '1'='1", "admin'-- ", "'; DROP TABLE users; -- ", '" OR ""="']) {
      const res = await app().post('/api/register').set(json).send({ email, password });
      expectStatus(res, [400, 409, 429], `POST /api/register with email ${JSON.stringify(email)}`);
    }
  });

  test("an email with an apostrophe (o'brien@…) registers and logs in", async () => {
    const base = uniqueUser('obrien');
    const user = await registerVictim('obrien', { email: `o'brien-${base.email}` });
    const res = await attemptLogin(user.email, user.password);
    expectStatus(
      res,
      200,
      `POST /api/login as ${user.email} (apostrophes are legal in emails; a 500 means the quote broke the SQL)`,
    );
  });

  test('SQL in the name and the password is stored as plain data', async () => {
    const name = "Robert'); DROP TABLE users;-- ";
    const password = "' OR '1'='1' -- pw";
    const user = await registerVictim('bobby', { name, password });
    const row = await requireUserRow(user.email, 'POST /api/register with SQL in the name');
    if (row.name !== name) {
      throw new Error(
        `users.name should be exactly ${JSON.stringify(name)}, got ${JSON.stringify(row.name)}`,
      );
    }
    const res = await attemptLogin(user.email, password);
    if (res.status !== 200) {
      throw new Error(
        `POST /api/login as ${user.email} with its real password ${JSON.stringify(password)}: expected 200, got ${res.status} (body: ${bodyExcerpt(res)})`,
      );
    }
  });

  test('afterwards /health answers 200 and the users table still holds every user', async () => {
    const survivor = await registerVictim('survivor');
    await expectDatabaseIntact([...registered, survivor]);
  });
});
