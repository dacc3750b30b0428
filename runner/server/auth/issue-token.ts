import { UserError } from '../../common/errors';
import type { Account, Role } from '../store/records';
import type { SubmissionStore } from '../store/submission-store';
import { hashToken, newToken } from './tokens';

/**
 * Account names are free text (people's names, e-mail addresses): 1 to 100 characters, not only
 * spaces, no control characters. Everything that shows them escapes them.
 */
export function isValidAccountName(name: string): boolean {
  return (
    name.trim() !== '' &&
    [...name].length <= 100 &&
    ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)
  );
}

/**
 * A new token for the account `name`, creating the account if it is new. The token exists only in
 * the return value; the store keeps its hash. An account keeps its role.
 */
export async function issueToken(
  store: SubmissionStore,
  name: string,
  role: Role,
): Promise<{ account: Account; token: string }> {
  if (!isValidAccountName(name)) {
    throw new UserError(
      `"${name}" is not a valid account name`,
      'Use 1 to 100 characters, without control characters.',
    );
  }
  const existing = await store.accountByName(name);
  if (existing && existing.role !== role) {
    throw new UserError(
      `${name} is already an ${existing.role} account`,
      `Create the ${role} under another name.`,
    );
  }
  const token = newToken();
  const account = existing
    ? (await store.addToken(name, hashToken(token)))!
    : await store.createAccount(name, role, hashToken(token));
  return { account, token };
}
