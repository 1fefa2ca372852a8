import { QueryTypes, type Sequelize } from 'sequelize';
import type { WorkspaceRole } from '../contracts/statuses';
import type { ResourceKind } from '../contracts/resources';

/**
 * One query per kind: finds the live resource, its workspace and the caller's role there.
 * Soft-deleted rows and deleted workspaces resolve to nothing, exactly like unknown ids.
 */
const LOOKUP: Record<ResourceKind, string> = {
  workspace: `SELECT w.id AS workspace_id, m.role FROM workspaces w
      LEFT JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = :userId
      WHERE w.id = :id AND w.deleted_at IS NULL`,
  dataset: `SELECT r.workspace_id, m.role FROM datasets r
      JOIN workspaces w ON w.id = r.workspace_id AND w.deleted_at IS NULL
      LEFT JOIN workspace_members m ON m.workspace_id = r.workspace_id AND m.user_id = :userId
      WHERE r.id = :id AND r.deleted_at IS NULL`,
  pipeline: `SELECT r.workspace_id, m.role FROM pipelines r
      JOIN workspaces w ON w.id = r.workspace_id AND w.deleted_at IS NULL
      LEFT JOIN workspace_members m ON m.workspace_id = r.workspace_id AND m.user_id = :userId
      WHERE r.id = :id AND r.deleted_at IS NULL`,
  job: `SELECT r.workspace_id, m.role FROM training_jobs r
      JOIN workspaces w ON w.id = r.workspace_id AND w.deleted_at IS NULL
      LEFT JOIN workspace_members m ON m.workspace_id = r.workspace_id AND m.user_id = :userId
      WHERE r.id = :id`,
  model: `SELECT r.workspace_id, m.role FROM models r
      JOIN workspaces w ON w.id = r.workspace_id AND w.deleted_at IS NULL
      LEFT JOIN workspace_members m ON m.workspace_id = r.workspace_id AND m.user_id = :userId
      WHERE r.id = :id`
};

export class AccessRepository {
  constructor(private readonly sequelize: Sequelize) {}

  async lookup(
    kind: ResourceKind,
    id: string,
    userId: string
  ): Promise<{ workspaceId: string; role: WorkspaceRole | null } | null> {
    const rows = await this.sequelize.query<{ workspace_id: string; role: WorkspaceRole | null }>(
      LOOKUP[kind],
      {
        type: QueryTypes.SELECT,
        replacements: { id, userId }
      }
    );
    const row = rows[0];
    return row ? { workspaceId: row.workspace_id, role: row.role } : null;
  }
}
