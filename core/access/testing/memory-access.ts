import type { ResourceKind } from '../../../contracts/resources';
import type { WorkspaceRole } from '../../../contracts/statuses';
import type { AccessRepository } from '../../../data/access.repository';
import { AccessService } from '../access.service';

/**
 * Who may see what, in memory: the AccessRepository lookup over resources placed in workspaces and
 * people's roles there, so services run their real access checks without Postgres.
 */
export class MemoryAccess implements Pick<AccessRepository, 'lookup'> {
  /** Resource id → its kind and workspace. */
  private readonly resources = new Map<string, { kind: ResourceKind; workspaceId: string }>();
  /** `${workspaceId}/${userId}` → role. */
  private readonly roles = new Map<string, WorkspaceRole>();

  /** Makes `userId` a member of the workspace (creating it). */
  join(workspaceId: string, userId: string, role: WorkspaceRole): void {
    this.place('workspace', workspaceId, workspaceId);
    this.roles.set(`${workspaceId}/${userId}`, role);
  }

  place(kind: ResourceKind, id: string, workspaceId: string): void {
    this.resources.set(id, { kind, workspaceId });
  }

  /** The resource is deleted: it resolves to nothing, like an unknown id. */
  remove(id: string): void {
    this.resources.delete(id);
  }

  workspacesOf(userId: string): string[] {
    return [...this.roles.keys()].filter((k) => k.endsWith(`/${userId}`)).map((k) => k.split('/')[0]!);
  }

  async lookup(kind: ResourceKind, id: string, userId: string) {
    const found = this.resources.get(id);
    if (!found || found.kind !== kind) return null;
    return { workspaceId: found.workspaceId, role: this.roles.get(`${found.workspaceId}/${userId}`) ?? null };
  }

  service(): AccessService {
    return new AccessService(this as unknown as AccessRepository);
  }
}
