import type { MemberDto, WorkspaceDto } from '../../../contracts/api';
import type { WorkspaceRole } from '../../../contracts/statuses';
import type { User } from '../../../models';
import type { AccessRepository } from '../../../data/access.repository';
import type { ResourceKind } from '../../../contracts/resources';
import { AlreadyMemberError, type WorkspaceRepository } from '../../../data/workspace.repository';

type Public<T> = Pick<T, keyof T>;
interface Person {
  id: string;
  email: string;
  fullName: string;
}

/**
 * Workspaces, people and memberships in memory: the WorkspaceRepository's public methods and the
 * AccessRepository lookup for workspaces, over the same maps, so service rules run without Postgres.
 * The lookup answers workspaces only: other resource kinds are not found.
 */
export class MemoryWorkspaces implements Public<WorkspaceRepository>, Public<AccessRepository> {
  readonly people = new Map<string, Person>();
  readonly workspaces = new Map<string, { id: string; name: string; ownerId: string; isPersonal: boolean }>();
  /** `${workspaceId}/${userId}` → role and join order. */
  readonly memberships = new Map<string, { role: WorkspaceRole; joined: number }>();
  /** People whose sign-in is locked, and people who are superusers. */
  readonly locked = new Set<string>();
  readonly superusers = new Set<string>();
  private next = 0;

  /** Ids are uuids, because the service refuses other ids before asking. */
  private id(): string {
    this.next += 1;
    return `00000000-0000-4000-8000-${String(this.next).padStart(12, '0')}`;
  }

  person(name: string): string {
    const id = this.id();
    this.people.set(id, { id, email: `${name}@example.com`, fullName: name });
    return id;
  }

  roleOf(workspaceId: string, userId: string): WorkspaceRole | undefined {
    return this.memberships.get(`${workspaceId}/${userId}`)?.role;
  }

  async lookup(kind: ResourceKind, id: string, userId: string) {
    if (kind !== 'workspace' || !this.workspaces.has(id)) return null;
    return { workspaceId: id, role: this.roleOf(id, userId) ?? null };
  }

  async listForUser(userId: string, page: { limit: number }): Promise<WorkspaceDto[]> {
    const mine = [...this.workspaces.keys()].filter((id) => this.roleOf(id, userId));
    return (await Promise.all(mine.map((id) => this.getForUser(userId, id))))
      .filter((w): w is WorkspaceDto => w !== null)
      .slice(0, page.limit);
  }

  async getForUser(userId: string, workspaceId: string): Promise<WorkspaceDto | null> {
    const w = this.workspaces.get(workspaceId);
    const role = this.roleOf(workspaceId, userId);
    if (!w || !role) return null;
    const memberCount = [...this.memberships.keys()].filter((k) => k.startsWith(`${workspaceId}/`)).length;
    return { ...w, role, memberCount, createdAt: new Date(0).toISOString() };
  }

  async create(ownerId: string, name: string): Promise<string> {
    const id = this.id();
    this.workspaces.set(id, { id, name, ownerId, isPersonal: false });
    await this.addMember(id, ownerId, 'owner');
    return id;
  }

  async rename(workspaceId: string, name: string): Promise<void> {
    const w = this.workspaces.get(workspaceId);
    if (w) w.name = name;
  }

  async members(
    workspaceId: string,
    page: { limit: number }
  ): Promise<Array<MemberDto & { cursorAt: string }>> {
    const ids = [...this.memberships.keys()]
      .filter((k) => k.startsWith(`${workspaceId}/`))
      .map((k) => k.slice(workspaceId.length + 1));
    const members = await Promise.all(ids.map((id) => this.member(workspaceId, id)));
    return members
      .filter((m): m is MemberDto => m !== null)
      .map((m) => ({ ...m, cursorAt: m.joinedAt }))
      .slice(0, page.limit);
  }

  async member(workspaceId: string, userId: string): Promise<MemberDto | null> {
    const m = this.memberships.get(`${workspaceId}/${userId}`);
    const p = this.people.get(userId);
    if (!m || !p) return null;
    return {
      userId,
      email: p.email,
      fullName: p.fullName,
      role: m.role,
      joinedAt: new Date(m.joined).toISOString(),
      locked: this.locked.has(userId)
    };
  }

  async isSuperuser(userId: string): Promise<boolean> {
    return this.superusers.has(userId);
  }

  async unlockUser(userId: string): Promise<void> {
    this.locked.delete(userId);
  }

  async findUserByEmail(email: string): Promise<User | null> {
    return ([...this.people.values()].find((p) => p.email === email) as User | undefined) ?? null;
  }

  async addMember(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    const key = `${workspaceId}/${userId}`;
    if (this.memberships.has(key)) throw new AlreadyMemberError();
    this.memberships.set(key, { role, joined: this.memberships.size });
  }

  async setRole(workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    const m = this.memberships.get(`${workspaceId}/${userId}`);
    if (m) m.role = role;
  }

  async removeMember(workspaceId: string, userId: string): Promise<boolean> {
    return this.memberships.delete(`${workspaceId}/${userId}`);
  }
}
