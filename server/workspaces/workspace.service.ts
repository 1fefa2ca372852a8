import { z } from 'zod';
import type { MemberDto, WorkspaceDto } from '../../contracts/api';
import { PAGE_LIMIT_MAX, type Page, type PageQuery } from '../../contracts/pagination';
import type { WorkspaceRole } from '../../contracts/statuses';
import type { AccessService } from '../../core/access/access.service';
import { isUuid } from '../../contracts/resources';
import { InvalidInput, Conflict, NotFound } from '../../contracts/errors';
import { decodeCursor, encodeCursor, exactTime, toPage } from '../pagination/cursor';
import { AlreadyMemberError, type WorkspaceRepository } from '../../data/workspace.repository';

/** Called when someone loses access or changes role, so live connections follow. */
export type AccessRevoked = (userId: string, workspaceId: string) => void;
/** Called when someone is added to a workspace, so their open tabs can list it. */
export type AccessGranted = (userId: string, workspaceId: string) => void;

/** Teams: every method starts with its access check through the one AccessService. */
export class WorkspaceService {
  constructor(
    private readonly repo: WorkspaceRepository,
    private readonly access: AccessService,
    private readonly onRevoked: AccessRevoked = () => {},
    private readonly onGranted: AccessGranted = () => {}
  ) {}

  async list(userId: string, page: PageQuery): Promise<Page<WorkspaceDto>> {
    const after = decodeCursor('workspaces', page.cursor, {
      p: z.boolean(),
      n: z.string().max(200),
      id: z.uuid()
    });
    const rows = await this.repo.listForUser(userId, { limit: page.limit + 1, after });
    return toPage(
      rows,
      page.limit,
      (w) => w,
      (w) => encodeCursor('workspaces', { p: w.isPersonal, n: w.name, id: w.id })
    );
  }

  async members(userId: string, workspaceId: string, page: PageQuery): Promise<Page<MemberDto>> {
    await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'viewer');
    const after = decodeCursor('members', page.cursor, { t: exactTime, id: z.uuid() });
    const rows = await this.repo.members(workspaceId, { limit: page.limit + 1, after });
    return toPage(
      rows,
      page.limit,
      ({ cursorAt: _key, ...member }) => member,
      (m) => encodeCursor('members', { t: m.cursorAt, id: m.userId })
    );
  }

  async create(userId: string, name: string): Promise<WorkspaceDto> {
    const id = await this.repo.create(userId, name);
    return this.mustGet(userId, id);
  }

  /** The workspace with its first PAGE_LIMIT_MAX members; `membersNextCursor` goes on at …/members. */
  async get(
    userId: string,
    workspaceId: string
  ): Promise<{ workspace: WorkspaceDto; members: MemberDto[]; membersNextCursor: string | null }> {
    const members = await this.members(userId, workspaceId, { limit: PAGE_LIMIT_MAX });
    return {
      workspace: await this.mustGet(userId, workspaceId),
      members: members.items,
      membersNextCursor: members.nextCursor
    };
  }

  async rename(userId: string, workspaceId: string, name: string): Promise<WorkspaceDto> {
    await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'owner');
    await this.repo.rename(workspaceId, name);
    return this.mustGet(userId, workspaceId);
  }

  async addMember(
    userId: string,
    workspaceId: string,
    email: string,
    role: WorkspaceRole
  ): Promise<MemberDto> {
    await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'owner');
    const invitee = await this.repo.findUserByEmail(email);
    if (!invitee) throw new NotFound('User with this email', 'user_not_found');
    try {
      await this.repo.addMember(workspaceId, invitee.id, role);
    } catch (err) {
      if (err instanceof AlreadyMemberError) {
        throw new Conflict(`${email} is already a member of this workspace.`, 'already_member');
      }
      throw err;
    }
    this.onGranted(invitee.id, workspaceId);
    return (await this.repo.member(workspaceId, invitee.id))!;
  }

  async setRole(
    userId: string,
    workspaceId: string,
    memberId: string,
    role: WorkspaceRole
  ): Promise<MemberDto> {
    await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'owner');
    const member = isUuid(memberId) ? await this.repo.member(workspaceId, memberId) : null;
    if (!member) throw new NotFound('Member');
    if (member.role === 'owner')
      throw new InvalidInput("The owner's role cannot be changed.", undefined, 'owner_role_fixed');
    await this.repo.setRole(workspaceId, memberId, role);
    // Open connections follow the new role: demoted editors become read-only, promoted viewers may edit.
    if (role !== member.role) this.onRevoked(memberId, workspaceId);
    return (await this.repo.member(workspaceId, memberId))!;
  }

  /**
   * The workspace's owner, or a superuser, lifts a member's sign-in lock. Only members of this
   * workspace: owning one workspace gives no say over people elsewhere.
   */
  async unlockMember(userId: string, workspaceId: string, memberId: string): Promise<MemberDto> {
    if (!(await this.repo.isSuperuser(userId)))
      await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'owner');
    const member = isUuid(memberId) ? await this.repo.member(workspaceId, memberId) : null;
    if (!member) throw new NotFound('Member');
    await this.repo.unlockUser(memberId);
    return (await this.repo.member(workspaceId, memberId))!;
  }

  /** The owner removes anyone else; any other member may remove themselves (leave). */
  async removeMember(userId: string, workspaceId: string, memberId: string): Promise<void> {
    const grant = await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'viewer');
    if (memberId !== userId && grant.role !== 'owner') {
      await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'owner');
    }
    const member = isUuid(memberId) ? await this.repo.member(workspaceId, memberId) : null;
    if (!member) throw new NotFound('Member');
    if (member.role === 'owner') {
      throw new InvalidInput(
        'The owner cannot leave or be removed from their workspace.',
        undefined,
        'owner_cannot_leave'
      );
    }
    await this.repo.removeMember(workspaceId, memberId);
    this.onRevoked(memberId, workspaceId);
  }

  private async mustGet(userId: string, workspaceId: string): Promise<WorkspaceDto> {
    const ws = await this.repo.getForUser(userId, workspaceId);
    if (!ws) throw new NotFound('Workspace');
    return ws;
  }
}
