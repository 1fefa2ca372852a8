import type pg from 'pg';
import { literal, Op, UniqueConstraintError, type Sequelize } from 'sequelize';
import type { MemberDto, WorkspaceDto } from '../contracts/api';
import type { WorkspaceRole } from '../contracts/statuses';
import { preparedQuery, User, Workspace, WorkspaceMember } from '../models';
import { exactTimeSql } from './exact-time';

interface WorkspaceRow {
  id: string;
  name: string;
  is_personal: boolean;
  owner_id: string;
  created_at: Date;
  role: WorkspaceRole;
  member_count: number;
}

const SELECT_FOR_USER = `
  SELECT w.id, w.name, w.is_personal, w.owner_id, w.created_at, m.role,
         (SELECT count(*)::int FROM workspace_members c WHERE c.workspace_id = w.id) AS member_count
    FROM workspace_members m
    JOIN workspaces w ON w.id = m.workspace_id AND w.deleted_at IS NULL
   WHERE m.user_id = $1`;

/** Personal first, then by name: the key (NOT is_personal, name, id) ascending, after $2..$4 when given. */
const listForUser = preparedQuery<
  WorkspaceRow,
  [userId: string, personal: boolean | null, name: string | null, id: string | null, limit: number]
>(
  'workspaces_page_for_user',
  `${SELECT_FOR_USER}
     AND ($2::boolean IS NULL OR (NOT w.is_personal, w.name, w.id) > (NOT $2::boolean, $3::text, $4::uuid))
   ORDER BY NOT w.is_personal, w.name, w.id
   LIMIT $5`
);
const getForUser = preparedQuery<WorkspaceRow, [userId: string, workspaceId: string]>(
  'workspaces_get_for_user',
  `${SELECT_FOR_USER} AND w.id = $2`
);

const toDto = (r: WorkspaceRow): WorkspaceDto => ({
  id: r.id,
  name: r.name,
  isPersonal: r.is_personal,
  ownerId: r.owner_id,
  role: r.role,
  memberCount: r.member_count,
  createdAt: r.created_at.toISOString()
});

export class AlreadyMemberError extends Error {}

export class WorkspaceRepository {
  constructor(
    private readonly sequelize: Sequelize,
    /** Raw pool for the hot reads, which skip the ORM and run as prepared statements. */
    private readonly pool: pg.Pool
  ) {}

  /** The caller's workspaces with their role, in one query (this is the studio's hottest read). */
  async listForUser(
    userId: string,
    page: { limit: number; after?: { p: boolean; n: string; id: string } | undefined }
  ): Promise<WorkspaceDto[]> {
    const { after } = page;
    return (
      await listForUser(this.pool, userId, after?.p ?? null, after?.n ?? null, after?.id ?? null, page.limit)
    ).map(toDto);
  }

  async getForUser(userId: string, workspaceId: string): Promise<WorkspaceDto | null> {
    const rows = await getForUser(this.pool, userId, workspaceId);
    return rows[0] ? toDto(rows[0]) : null;
  }

  async create(ownerId: string, name: string): Promise<string> {
    return this.sequelize.transaction(async (transaction) => {
      const ws = await Workspace.create(
        { name, ownerId, isPersonal: false, deletedAt: null },
        { transaction }
      );
      await WorkspaceMember.create({ workspaceId: ws.id, userId: ownerId, role: 'owner' }, { transaction });
      return ws.id;
    });
  }

  async rename(workspaceId: string, name: string): Promise<void> {
    await Workspace.update({ name }, { where: { id: workspaceId } });
  }

  /** Members in the order they joined (ties by user id), `limit` after the member keyed `after`. */
  async members(
    workspaceId: string,
    page: { limit: number; after?: { t: string; id: string } | undefined }
  ): Promise<Array<MemberDto & { cursorAt: string }>> {
    const { after } = page;
    const esc = (v: string) => this.sequelize.escape(v);
    const rows = await WorkspaceMember.findAll({
      attributes: {
        include: [[literal(exactTimeSql('"WorkspaceMember"."created_at"')), 'cursorAt']]
      },
      where: {
        workspaceId,
        ...(after
          ? {
              [Op.and]: literal(
                `("WorkspaceMember"."created_at", "WorkspaceMember"."user_id") > (${esc(after.t)}::timestamptz, ${esc(after.id)}::uuid)`
              )
            }
          : {})
      },
      include: [{ model: User, attributes: ['id', 'email', 'fullName', 'lockedUntil'] }],
      order: [
        ['createdAt', 'ASC'],
        ['userId', 'ASC']
      ],
      limit: page.limit
    });
    return rows.map((m) => ({
      ...toMemberDto(m, (m as unknown as { User: User }).User),
      cursorAt: m.get('cursorAt') as string
    }));
  }

  async member(workspaceId: string, userId: string): Promise<MemberDto | null> {
    const m = await WorkspaceMember.findOne({
      where: { workspaceId, userId },
      include: [{ model: User, attributes: ['id', 'email', 'fullName', 'lockedUntil'] }]
    });
    return m ? toMemberDto(m, (m as unknown as { User: User }).User) : null;
  }

  async isSuperuser(userId: string): Promise<boolean> {
    const user = await User.findOne({ where: { id: userId, isActive: true }, attributes: ['isSuperuser'] });
    return user?.isSuperuser === true;
  }

  /** Lifts a sign-in lock and forgets the failures that led to it; the password is unchanged. */
  async unlockUser(userId: string): Promise<void> {
    await User.update({ lockedUntil: null, failedLoginCount: 0 }, { where: { id: userId } });
  }

  findUserByEmail(email: string): Promise<User | null> {
    return User.findOne({ where: { email, isActive: true }, attributes: ['id', 'email', 'fullName'] });
  }

  async addMember(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    try {
      await WorkspaceMember.create({ workspaceId, userId, role });
    } catch (err) {
      if (err instanceof UniqueConstraintError) throw new AlreadyMemberError();
      throw err;
    }
  }

  async setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    await WorkspaceMember.update({ role }, { where: { workspaceId, userId } });
  }

  async removeMember(workspaceId: string, userId: string): Promise<boolean> {
    return (await WorkspaceMember.destroy({ where: { workspaceId, userId } })) > 0;
  }
}

function toMemberDto(m: WorkspaceMember, user: User): MemberDto {
  return {
    userId: user.id,
    email: user.email,
    fullName: user.fullName,
    role: m.role,
    joinedAt: m.createdAt.toISOString(),
    locked: user.lockedUntil != null && user.lockedUntil > new Date()
  };
}
