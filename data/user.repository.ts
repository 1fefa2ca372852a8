import type pg from 'pg';
import { QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import { preparedQuery, User, Workspace, WorkspaceMember } from '../models';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export class EmailTakenError extends Error {}

/** The signed-in user as each request sees it: no secrets, no bookkeeping. */
export type SessionUser = Pick<User, 'id' | 'email' | 'fullName' | 'isSuperuser' | 'createdAt'>;

const findSessionUser = preparedQuery<
  { id: string; email: string; full_name: string; is_superuser: boolean; created_at: Date },
  [id: string]
>(
  'users_find_session_user',
  `SELECT id, email, full_name, is_superuser, created_at FROM users
    WHERE id = $1 AND is_active AND deleted_at IS NULL`
);

/** Users and their login bookkeeping; the only place auth touches the database. */
export class UserRepository {
  constructor(
    private readonly sequelize: Sequelize,
    /** Raw pool for the per-request user lookup, which skips the ORM. */
    private readonly pool: pg.Pool
  ) {}

  findActiveByEmail(email: string): Promise<User | null> {
    return User.findOne({ where: { email, isActive: true } });
  }

  /** An active, not deleted user by id, as a plain object (this runs for signed-in requests). */
  async findSessionUser(id: string): Promise<SessionUser | null> {
    const [row] = await findSessionUser(this.pool, id);
    return row
      ? {
          id: row.id,
          email: row.email,
          fullName: row.full_name,
          isSuperuser: row.is_superuser,
          createdAt: row.created_at
        }
      : null;
  }

  /** Creates the user, their personal workspace and owner membership together, or nothing. */
  async createWithPersonalWorkspace(input: {
    email: string;
    passwordHash: string;
    fullName: string;
  }): Promise<User> {
    try {
      return await this.sequelize.transaction(async (transaction) => {
        const user = await User.create(
          { ...input, lastLoginAt: new Date(), lockedUntil: null, passwordChangedAt: null, deletedAt: null },
          { transaction }
        );
        const workspace = await Workspace.create(
          {
            name: `${input.fullName.split(/\s+/)[0]}'s workspace`,
            ownerId: user.id,
            isPersonal: true,
            deletedAt: null
          },
          { transaction }
        );
        await WorkspaceMember.create(
          { workspaceId: workspace.id, userId: user.id, role: 'owner' },
          { transaction }
        );
        return user;
      });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new EmailTakenError();
      throw err;
    }
  }

  /**
   * Claims one sign-in attempt before the password is checked, in one statement so concurrent
   * attempts cannot all pass a stale read. `failed_login_count` counts failures and attempts still
   * being checked; once it reaches the limit, a further attempt locks the account (a burst of
   * guesses is as bad as a series). The returned slot is this attempt's place in that count.
   */
  async reserveAttempt(id: string): Promise<{ slot: number } | { lockedUntil: Date } | null> {
    const rows = await this.sequelize.query<{ slot: number; locked_until: Date | null; locked: boolean }>(
      `UPDATE users SET
         failed_login_count = CASE WHEN locked_until > now() THEN failed_login_count
                                   WHEN failed_login_count < :limit THEN failed_login_count + 1
                                   ELSE 0 END,
         locked_until = CASE WHEN locked_until > now() OR failed_login_count < :limit THEN locked_until
                             ELSE now() + make_interval(mins => :minutes) END,
         updated_at = now()
       WHERE id = :id
       RETURNING failed_login_count AS slot, locked_until, COALESCE(locked_until > now(), false) AS locked`,
      { type: QueryTypes.SELECT, replacements: { id, limit: LOCK_AFTER_FAILURES, minutes: LOCK_MINUTES } }
    );
    const row = rows[0];
    if (!row) return null;
    return row.locked ? { lockedUntil: row.locked_until! } : { slot: row.slot };
  }

  /**
   * The reserved attempt failed: it stays counted, and the account locks when the count has
   * reached the limit (the counter restarts so the next window is fresh).
   */
  async recordFailure(id: string): Promise<{ lockedUntil: Date | null; failures: number }> {
    const rows = await this.sequelize.query<{ locked_until: Date | null; locked: boolean; failures: number }>(
      `UPDATE users SET
         locked_until = CASE WHEN failed_login_count >= :limit
                             THEN now() + make_interval(mins => :minutes) ELSE locked_until END,
         failed_login_count = CASE WHEN failed_login_count >= :limit THEN 0 ELSE failed_login_count END,
         updated_at = now()
       WHERE id = :id
       RETURNING locked_until, COALESCE(locked_until > now(), false) AS locked,
                 failed_login_count AS failures`,
      { type: QueryTypes.SELECT, replacements: { id, limit: LOCK_AFTER_FAILURES, minutes: LOCK_MINUTES } }
    );
    const row = rows[0];
    // `failures` counts attempts still being checked too, so what is left is never overstated.
    return { lockedUntil: row?.locked ? row.locked_until : null, failures: row?.failures ?? 0 };
  }

  /**
   * The reserved attempt (`slot`) succeeded: it and the failures counted before it are forgiven;
   * attempts claimed after it stay counted. A lock set meanwhile is kept, and the sign-in refused.
   */
  async recordSuccess(id: string, slot: number): Promise<{ lockedUntil: Date | null }> {
    const [, updated] = await this.sequelize.query(
      `UPDATE users SET failed_login_count = GREATEST(failed_login_count - :slot, 0),
                        last_login_at = now(), updated_at = now()
        WHERE id = :id AND NOT COALESCE(locked_until > now(), false)`,
      { type: QueryTypes.UPDATE, replacements: { id, slot } }
    );
    if (updated > 0) return { lockedUntil: null };
    // Read after the update, so the lock that stopped it is visible.
    const user = await User.findByPk(id, { attributes: ['lockedUntil'] });
    return { lockedUntil: user?.lockedUntil ?? new Date() };
  }

  /**
   * Sets a new password hash for an active account, lifts any lock and ends every session it has;
   * returns the account's id, or null when no active account uses the email.
   */
  async resetPassword(email: string, passwordHash: string): Promise<string | null> {
    const user = await this.findActiveByEmail(email);
    if (!user) return null;
    await this.sequelize.transaction(async (transaction) => {
      await User.update(
        { passwordHash, lockedUntil: null, failedLoginCount: 0, passwordChangedAt: new Date() },
        { where: { id: user.id }, transaction }
      );
      await this.sequelize.query(`DELETE FROM sessions WHERE sess->'passport'->>'user' = :id`, {
        replacements: { id: user.id },
        transaction
      });
    });
    return user.id;
  }
}
