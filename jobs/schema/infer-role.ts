import { fmtDistinct } from './evidence-text';
import { nameTokens, targetNameRank } from './name-hints';
import type { ColumnProfile, ColumnRole, ColumnType } from './types';

/** A role decision; `note` is appended to the column's reason, `confidencePenalty` taken off it. */
export interface RoleDecision {
  role: ColumnRole;
  note?: string;
  confidencePenalty?: number;
}

/** The type-level facts role rules look at. */
export interface TypedColumn {
  profile: ColumnProfile;
  type: ColumnType;
}

/** A last column with at most this many values looks like a class label. */
const FEW_CLASSES = 20;

/** Types a model can predict; ids, free text and timestamps are not targets. */
const TARGET_TYPES = new Set<ColumnType>(['categorical', 'boolean', 'integer', 'float']);

/**
 * Assigns roles: empty and constant columns are ignored (nothing to learn from), ids are ids, one
 * column is the target — the one the user named, else the most telling target-like name, else the
 * last column when it has few values (a guess, said so) — and everything else is a feature.
 */
export function decideRoles(columns: readonly TypedColumn[], targetHint?: string): RoleDecision[] {
  const roles: RoleDecision[] = columns.map(({ profile, type }) => {
    const nonNull = profile.rowCount - profile.nullCount;
    if (nonNull === 0) return { role: 'ignore', note: 'Ignored: no values.' };
    if (profile.distinctCount <= 1)
      return { role: 'ignore', note: 'Ignored: the same value in every row carries no information.' };
    if (type === 'id') return { role: 'id' };
    return { role: 'feature' };
  });

  const target = chooseTarget(columns, roles, targetHint);
  if (target) roles[target.index] = target.decision;
  return roles;
}

function chooseTarget(
  columns: readonly TypedColumn[],
  roles: readonly RoleDecision[],
  targetHint: string | undefined
): { index: number; decision: RoleDecision } | null {
  if (targetHint !== undefined) {
    const exact = columns.findIndex((c) => c.profile.name === targetHint);
    const index =
      exact >= 0
        ? exact
        : columns.findIndex((c) => c.profile.name.toLowerCase() === targetHint.toLowerCase());
    if (index >= 0) return { index, decision: { role: 'target', note: 'Target: chosen by you.' } };
  }
  const eligible = (i: number) => roles[i]?.role === 'feature' && TARGET_TYPES.has(columns[i]!.type);
  // "y" next to an "x" is a coordinate, not a label.
  const hasX = columns.some((c) => nameTokens(c.profile.name).join(' ') === 'x');
  let best: { index: number; rank: number } | null = null;
  for (let i = 0; i < columns.length; i++) {
    const name = columns[i]!.profile.name;
    const rank = targetNameRank(name);
    if (rank < 0 || !eligible(i) || (hasX && nameTokens(name).join(' ') === 'y')) continue;
    if (!best || rank < best.rank) best = { index: i, rank };
  }
  if (best) {
    return {
      index: best.index,
      decision: { role: 'target', note: 'Target: its name is a usual name for what a model predicts.' }
    };
  }
  const last = columns.length - 1;
  const lastColumn = columns[last];
  if (
    lastColumn &&
    eligible(last) &&
    (lastColumn.type === 'categorical' || lastColumn.type === 'boolean') &&
    lastColumn.profile.distinctCount <= FEW_CLASSES &&
    columns.length > 2
  ) {
    return {
      index: last,
      decision: {
        role: 'target',
        note:
          `Target guessed only because it is the last column with ${fmtDistinct(lastColumn.profile.distinctCount, lastColumn.profile.distinctApprox)}; ` +
          'set the target yourself if that is wrong.',
        confidencePenalty: 0.15
      }
    };
  }
  return null;
}
