import type { AgentColumn, ParsedAnswer } from './agent-answer';
import { checkEvidence } from './agent-evidence';
import { overallConfidence } from './infer';
import type { ColumnMetadata, ColumnProfile, DeducedColumn, DeducedSchema } from './types';

/** A column where the agent's suggestion was not used, and why. */
export interface AgentFallback {
  column: string;
  reason: string;
}

/** The merged schema, the fallbacks, and how many columns took the agent's reading. */
export interface MergeResult {
  schema: DeducedSchema;
  fallbacks: AgentFallback[];
  accepted: number;
}

/** Prefix of a metadata reason whose column kept the heuristic result. */
export const DISCARDED = 'Agent suggestion discarded';

/**
 * Merges a validated agent answer into the heuristic schema column by column. The heuristic result
 * is the default; the agent replaces type, format, role and reason only where its suggestion names a
 * real column and survives {@link checkEvidence}. Nullability always comes from the data.
 */
export function mergeAgentAnswer(
  profiles: readonly ColumnProfile[],
  heuristic: DeducedSchema,
  answer: ParsedAnswer
): MergeResult {
  const known = new Set(heuristic.columns.map((c) => c.name));
  const fallbacks: AgentFallback[] = [];
  // A rejected entry for a real column is reported with that column; others are reported alone.
  const rejectedByName = new Map<string, string>();
  for (const r of answer.rejected) {
    if (r.name !== null && known.has(r.name)) {
      if (!rejectedByName.has(r.name)) rejectedByName.set(r.name, r.reason);
    } else {
      fallbacks.push({ column: r.name ?? '(unnamed)', reason: r.reason });
    }
  }
  const byName = new Map<string, AgentColumn>();
  for (const c of answer.columns) {
    if (!known.has(c.name)) fallbacks.push({ column: c.name, reason: `unknown column '${c.name}'` });
    else if (byName.has(c.name))
      fallbacks.push({ column: c.name, reason: 'a second answer for this column was ignored' });
    else byName.set(c.name, c);
  }

  const columns: DeducedColumn[] = [];
  const metadata: Record<string, ColumnMetadata> = {};
  let accepted = 0;
  const agentTargets = new Set<string>();
  heuristic.columns.forEach((h, i) => {
    const hMeta = heuristic.metadata[h.name] ?? { confidence: 0.5, sampleValues: [], reason: '' };
    const profile = profiles.find((p) => p.name === h.name) ?? profiles[i];
    const outcome = judge(byName.get(h.name), profile, h.format, rejectedByName.get(h.name));
    if (!outcome.ok) {
      fallbacks.push({ column: h.name, reason: outcome.reason });
      columns.push(h);
      metadata[h.name] = { ...hMeta, reason: `${DISCARDED}: ${outcome.reason}. ${hMeta.reason}` };
      return;
    }
    accepted++;
    const { suggestion, format } = outcome;
    if ((suggestion.role ?? h.role) === 'target') agentTargets.add(h.name);
    columns.push({
      name: h.name,
      type: suggestion.type,
      nullable: h.nullable,
      ...(format !== undefined ? { format } : {}),
      role: suggestion.role ?? h.role
    });
    const agrees = suggestion.type === h.type;
    const agentConfidence = suggestion.confidence ?? hMeta.confidence;
    metadata[h.name] = {
      confidence: round(
        agrees ? Math.max(agentConfidence, hMeta.confidence) : Math.min(agentConfidence, 0.9)
      ),
      sampleValues: hMeta.sampleValues,
      // When the agent overrules the rules, keep the rules' evidence beside its reason.
      reason: agrees
        ? (suggestion.reason ?? hMeta.reason)
        : `${suggestion.reason ?? `Agent reads it as ${suggestion.type}.`} (Rules said ${h.type}: ${hMeta.reason})`
    };
  });
  demoteRuleTargets(columns, metadata, agentTargets);
  return {
    schema: { columns, metadata, confidence: overallConfidence(columns, metadata) },
    fallbacks,
    accepted
  };
}

/**
 * One target: when the agent chose one, a target the rules kept only because the agent's answer for
 * that column was discarded becomes a feature again.
 */
function demoteRuleTargets(
  columns: DeducedColumn[],
  metadata: Record<string, ColumnMetadata>,
  agentTargets: ReadonlySet<string>
): void {
  if (agentTargets.size === 0) return;
  const chosen = [...agentTargets].join(', ');
  columns.forEach((c, i) => {
    if (c.role !== 'target' || agentTargets.has(c.name)) return;
    columns[i] = { ...c, role: 'feature' };
    const meta = metadata[c.name];
    if (meta)
      metadata[c.name] = {
        ...meta,
        reason: `${meta.reason} Feature, not target: the agent chose ${chosen}.`
      };
  });
}

type Outcome = { ok: true; suggestion: AgentColumn; format?: string } | { ok: false; reason: string };

/** Whether one column takes the agent's suggestion, with the format to keep, or why not. */
function judge(
  suggestion: AgentColumn | undefined,
  profile: ColumnProfile | undefined,
  heuristicFormat: string | undefined,
  rejection: string | undefined
): Outcome {
  if (!suggestion) return { ok: false, reason: rejection ?? 'the agent gave no answer for this column' };
  if (!profile) return { ok: false, reason: 'no profile to check the suggestion against' };
  const verdict = checkEvidence(profile, suggestion.type, suggestion.format, heuristicFormat);
  if (!verdict.ok) return verdict;
  return {
    ok: true,
    suggestion,
    ...(suggestion.type === 'datetime' && verdict.format ? { format: verdict.format } : {})
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
