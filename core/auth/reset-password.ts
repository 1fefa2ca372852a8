import crypto from 'node:crypto';
import bcrypt from 'bcrypt';
import type { UserRepository } from '../../data/user.repository';
import type { SessionRevocations } from './session-revocations';

/**
 * The operator's reset: a fresh random password replaces the old one, the sign-in lock is lifted
 * and every session of the account ends (its open connections close on every process). Returns the
 * new password to hand over, or null when no active account uses the email.
 */
export async function resetPassword(
  deps: {
    users: Pick<UserRepository, 'resetPassword'>;
    revocations: Pick<SessionRevocations, 'revoke'>;
    bcryptCost: number;
  },
  email: string
): Promise<string | null> {
  const password = crypto.randomBytes(12).toString('base64url');
  const hash = await bcrypt.hash(password, deps.bcryptCost);
  const userId = await deps.users.resetPassword(email.trim().toLowerCase(), hash);
  if (!userId) return null;
  await deps.revocations.revoke({ userId });
  return password;
}
