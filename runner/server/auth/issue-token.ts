import { UserError } from '../../common/errors';
import type { Account, Role } from '../store/records';
import type { SubmissionStore } from '../store/submission-store';
import { hashToken, newToken } from './tokens';

/** A learner name as it appears in URLs, CSV files and dashboards. */
export const ACCOUNT_NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * A new token for the account `name`, creating the account if it is new. The token exists only in
 * the return value; the store keeps its hash. An account keeps its role.
 */
export async function issueToken(store: SubmissionStore, name: string, role: Role): Promise<{ account: Account; token: string }> {
  if (!ACCOUNT_NAME.test(name)) {
    throw new UserError(`"${name}" is not a valid account name`, 'Use 1 to 64 letters, digits or . _ @ - , starting with a letter or digit.');
  }
  const existing = await store.accountByName(name);
  if (existing && existing.role !== role) {
    throw new UserError(`${name} is already an ${existing.role} account`, `Create the ${role} under another name.`);
  }
  const token = newToken();
  const account = existing ? (await store.addToken(name, hashToken(token)))! : await store.createAccount(name, role, hashToken(token));
  return { account, token };
}
