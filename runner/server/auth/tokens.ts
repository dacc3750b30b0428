import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'blt_';

/** A new bearer token: 256 random bits, prefixed so it is recognisable in a config file or a leak scan. */
export function newToken(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

/**
 * What the store keeps instead of the token. A fast hash is enough: tokens are random and long,
 * so there is nothing to guess (unlike passwords, which need a slow hash).
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
