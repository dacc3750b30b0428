import { uniqueUser, type TestUser } from 'backlab/kit';
import { expectDatabaseIntact, expectLoginsRefused } from '../support/injection';
import { register } from '../support/session';

jest.setTimeout(60_000);

const registered: TestUser[] = [];

async function registerVictim(prefix: string): Promise<TestUser> {
  const user = uniqueUser(prefix);
  await register(user, 'as the target of the injection attempts');
  registered.push(user);
  return user;
}

describe('SQL injection (more payloads)', () => {
  test('comment, union and bracket payloads in the email never log in', async () => {
    const victim = await registerVictim('target');
    const emails = [
      `${victim.email}'/*`,
      `${victim.email}')-- `,
      "') OR ('1'='1",
      "\\' OR 1=1 -- ",
      "%' OR email LIKE '%",
      `x' UNION SELECT id, email, password_hash FROM users WHERE email='${victim.email}' -- `,
      `x' OR email LIKE '${victim.email.slice(0, 6)}%`,
      `${victim.email}' AND SLEEP(0) -- `,
    ];
    await expectLoginsRefused(
      emails.map((email) => ({ email, password: victim.password })),
      "SQL in the email and the victim's real password",
    );
  });

  test('objects and arrays instead of strings never log in and never break the query', async () => {
    const victim = await registerVictim('typed');
    await expectLoginsRefused(
      [
        { email: { email: 1 }, password: victim.password },
        { email: [victim.email, 'x'], password: victim.password },
        { email: victim.email, password: { password: 1 } },
        { email: victim.email, password: [victim.password] },
        { email: victim.email, password: true },
      ],
      'non-string fields (mysql drivers turn objects and arrays into SQL)',
    );
  });

  test('afterwards the users table still holds every user', async () => {
    await registerVictim('survivor');
    await expectDatabaseIntact(registered);
  });
});
