import { uniqueUser } from 'backlab/kit';
import { register } from './support/session';
import { requireUserRow } from './support/users-table';

jest.setTimeout(30_000);

/** The slow, salted hash formats the lab accepts, by their standard prefixes. */
const SLOW_HASH_FORMATS: Array<[string, RegExp]> = [
  ['bcrypt', /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/],
  ['argon2', /^\$argon2(id|i|d)\$/],
  ['scrypt', /^(\$scrypt\$|scrypt[$:])/],
];

describe('password storage', () => {
  test('stores a hash in users.password_hash, never the password itself', async () => {
    const user = uniqueUser('store');
    await register(user);
    const row = await requireUserRow(user.email, 'POST /api/register');
    const hash = String(row.password_hash ?? '');
    if (hash === '' || hash.includes(user.password)) {
      throw new Error(
        `users.password_hash for ${user.email} contains the plain password (${JSON.stringify(hash)}); store a bcrypt hash instead`,
      );
    }
    for (const [column, value] of Object.entries(row)) {
      if (String(value).includes(user.password)) {
        throw new Error(
          `users.${column} for ${user.email} contains the plain password; no column may store it`,
        );
      }
    }
  });

  test('the hash is bcrypt (cost 10 or more), argon2 or scrypt', async () => {
    const user = uniqueUser('format');
    await register(user);
    const hash = String((await requireUserRow(user.email, 'POST /api/register')).password_hash ?? '');
    const format = SLOW_HASH_FORMATS.find(([, pattern]) => pattern.test(hash));
    if (!format) {
      throw new Error(
        `users.password_hash for ${user.email} is ${JSON.stringify(hash.slice(0, 80))}, which is not a slow salted hash: ` +
          'expected bcrypt ($2a$/$2b$/$2y$…), argon2 ($argon2…) or scrypt ($scrypt$…). Fast digests like SHA-256 or MD5 are guessed in minutes.',
      );
    }
    if (format[0] === 'bcrypt') {
      const cost = Number(hash.slice(4, 6));
      if (cost < 10) {
        throw new Error(
          `users.password_hash for ${user.email} is bcrypt with cost ${cost}; use cost 10 or more`,
        );
      }
    }
  });

  test('two users with the same password get different hashes (salted)', async () => {
    const first = uniqueUser('salt');
    const second = { ...uniqueUser('salt'), password: first.password };
    await register(first);
    await register(second, 'with the same password as another user');
    const a = String((await requireUserRow(first.email, 'POST /api/register')).password_hash);
    const b = String((await requireUserRow(second.email, 'POST /api/register')).password_hash);
    if (a === b) {
      throw new Error(
        `${first.email} and ${second.email} share a password and got the same password_hash (${JSON.stringify(a.slice(0, 80))}); ` +
          'a salted hash differs for every user',
      );
    }
  });
});
