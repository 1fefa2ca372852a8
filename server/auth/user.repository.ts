import { QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import { User, Workspace, WorkspaceMember } from '../../models';

export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;

export class EmailTakenError extends Error {}

/** Users and their login bookkeeping; the only place auth touches the database. */
export class UserRepository {
  constructor(private readonly sequelize: Sequelize) {}

  findActiveByEmail(email: string): Promise<User | null> {
    return User.findOne({ where: { email, isActive: true } });
  }

  findActiveById(id: string): Promise<User | null> {
    return User.findOne({ where: { id, isActive: true } });
  }

  /** Creates the user, their personal workspace and owner membership together, or nothing. */
  async createWithPersonalWorkspace(input: { email: string; passwordHash: string; fullName: string }): Promise<User> {
    try {
      return await this.sequelize.transaction(async (transaction) => {
        const user = await User.create({ ...input, lastLoginAt: new Date(), lockedUntil: null, passwordChangedAt: null, deletedAt: null }, { transaction });
        const workspace = await Workspace.create(
          { name: `${input.fullName.split(/\s+/)[0]}'s workspace`, ownerId: user.id, isPersonal: true, deletedAt: null },
          { transaction }
        );
        await WorkspaceMember.create({ workspaceId: workspace.id, userId: user.id, role: 'owner' }, { transaction });
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
