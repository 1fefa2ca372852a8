import type { MemberDto, WorkspaceDto } from '../../contracts/api';
import type { WorkspaceRole } from '../../contracts/statuses';
import type { AccessService } from '../access/access.service';
import { isUuid } from '../access/resources';
import { BadRequest, Conflict, NotFound } from '../http/errors';
import { AlreadyMemberError, type WorkspaceRepository } from './workspace.repository';

/** Called when someone loses access or changes role, so live connections follow. */
export type AccessRevoked = (userId: string, workspaceId: string) => void;

/** Teams: every method starts with its access check through the one AccessService. */
export class WorkspaceService {
  constructor(
    private readonly repo: WorkspaceRepository,
    private readonly access: AccessService,
    private readonly onRevoked: AccessRevoked = () => {}
  ) {}

  list(userId: string): Promise<WorkspaceDto[]> {
    return this.repo.listForUser(userId);
  }

  async create(userId: string, name: string): Promise<WorkspaceDto> {
    const id = await this.repo.create(userId, name);
    return this.mustGet(userId, id);
  }

  async get(userId: string, workspaceId: string): Promise<{ workspace: WorkspaceDto; members: MemberDto[] }> {
    await this.access.require(userId, { kind: 'workspace', id: workspaceId }, 'viewer');
    return {
      workspace: await this.mustGet(userId, workspaceId),
      members: await this.repo.members(workspaceId)
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
      throw new BadRequest("The owner's role cannot be changed.", undefined, 'owner_role_fixed');
    await this.repo.setRole(workspaceId, memberId, role);
    // Open connections follow the new role: demoted editors become read-only, promoted viewers may edit.
    if (role !== member.role) this.onRevoked(memberId, workspaceId);
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
      throw new BadRequest(
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
