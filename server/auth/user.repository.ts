import type pg from 'pg';
import { QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import { preparedQuery, User, Workspace, WorkspaceMember } from '../../models';

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
   * Counts a failed sign-in in one statement (safe under concurrent attempts) and locks the
   * account when the count reaches the limit; the counter restarts so the next window is fresh.
   */
  async recordFailure(id: string): Promise<{ lockedUntil: Date | null }> {
    const rows = await this.sequelize.query<{ locked_until: Date | null }>(
      `UPDATE users SET
         locked_until = CASE WHEN failed_login_count + 1 >= :limit
                             THEN now() + make_interval(mins => :minutes) ELSE locked_until END,
         failed_login_count = CASE WHEN failed_login_count + 1 >= :limit THEN 0 ELSE failed_login_count + 1 END,
         updated_at = now()
       WHERE id = :id
       RETURNING locked_until`,
      { type: QueryTypes.SELECT, replacements: { id, limit: LOCK_AFTER_FAILURES, minutes: LOCK_MINUTES } }
    );
    const lockedUntil = rows[0]?.locked_until ?? null;
    return { lockedUntil: lockedUntil && lockedUntil > new Date() ? lockedUntil : null };
  }

  async recordSuccess(id: string): Promise<void> {
    await User.update({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() }, { where: { id } });
  }
}
