import { decideRoles } from './infer-role';
import { alignNumberedFamilies } from './infer-siblings';
import { decideType } from './infer-type';
import type { ColumnMetadata, ColumnProfile, DeducedColumn, DeducedSchema } from './types';

/** Options for {@link inferSchema}. */
export interface InferOptions {
  /** The column the user says is the target (exact name; case-insensitive match as a fallback). */
  targetHint?: string;
}

/** Sample values stored per column in the proposal's metadata. */
const METADATA_SAMPLES = 10;

/**
 * Deduces a schema from column profiles with fixed rules — pure and deterministic, so the same file
 * always gets the same proposal and every decision carries the evidence behind it. This is the
 * whole answer when no LLM is configured and the baseline an agent's answer is checked against.
 */
export function inferSchema(profiles: readonly ColumnProfile[], options: InferOptions = {}): DeducedSchema {
  const decisions = alignNumberedFamilies(profiles.map((profile) => ({ profile, ...decideType(profile) })));
  const roles = decideRoles(decisions, options.targetHint);
  const columns: DeducedColumn[] = [];
  const metadata: Record<string, ColumnMetadata> = {};
  decisions.forEach((d, i) => {
    const role = roles[i] ?? { role: 'feature' as const };
    columns.push({
      name: d.profile.name,
      type: d.type,
      nullable: d.profile.nullCount > 0,
      ...(d.format !== undefined ? { format: d.format } : {}),
      role: role.role
    });
    metadata[d.profile.name] = {
      confidence: round(Math.max(0.05, d.confidence - (role.confidencePenalty ?? 0))),
      sampleValues: d.profile.sampleValues.slice(0, METADATA_SAMPLES),
      reason: role.note ? `${d.reason} ${role.note}` : d.reason
    };
  });
  return { columns, metadata, confidence: overallConfidence(columns, metadata) };
}

/** Mean of the column confidences (0 for no columns), to two decimals. */
export function overallConfidence(
  columns: readonly DeducedColumn[],
  metadata: Record<string, ColumnMetadata>
): number {
  if (columns.length === 0) return 0;
  const sum = columns.reduce((acc, c) => acc + (metadata[c.name]?.confidence ?? 0), 0);
  return round(sum / columns.length);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
