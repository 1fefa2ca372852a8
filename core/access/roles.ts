import type { WorkspaceRole } from '../../contracts/statuses';

const RANK: Record<WorkspaceRole, number> = { viewer: 1, editor: 2, owner: 3 };

/** True when `role` grants at least what `needed` grants (owner ⊃ editor ⊃ viewer). */
export function roleAtLeast(role: WorkspaceRole, needed: WorkspaceRole): boolean {
  return RANK[role] >= RANK[needed];
}
