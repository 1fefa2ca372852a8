import type { WorkspaceRole } from '../../contracts/statuses';
import { Forbidden, NotFound } from '../../contracts/errors';
import type { AccessRepository } from '../../data/access.repository';
import { isUuid, LABEL, type ResourceRef } from '../../contracts/resources';
import { roleAtLeast } from './roles';

export interface Grant {
  workspaceId: string;
  role: WorkspaceRole;
}

/**
 * The single authorization check used by REST routes, Socket.IO subscriptions and collab
 * connections. Anything the caller cannot see is 404 (never revealing that it exists);
 * something they can see but not change with their role is 403.
 */
export class AccessService {
  constructor(private readonly repo: AccessRepository) {}

  async require(userId: string, ref: ResourceRef, needed: WorkspaceRole): Promise<Grant> {
    const found = isUuid(ref.id) ? await this.repo.lookup(ref.kind, ref.id.toLowerCase(), userId) : null;
    if (!found || !found.role) throw new NotFound(LABEL[ref.kind]);
    if (!roleAtLeast(found.role, needed)) {
      throw new Forbidden(
        `Your role (${found.role}) cannot do this; it needs ${needed}.`,
        'insufficient_role'
      );
    }
    return { workspaceId: found.workspaceId, role: found.role };
  }
}
