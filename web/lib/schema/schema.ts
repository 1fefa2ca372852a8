import type {
  ColumnMetadataDto,
  ColumnRole,
  ColumnType,
  ProposedSchema,
  SchemaDeductionDto,
  SchemaDeductionStatus
} from '$lib/contracts';

export type SchemaColumn = ProposedSchema['columns'][number];
/** The editable parts of a column, in the order the UI shows them. */
export const COLUMN_FIELDS = ['type', 'role', 'nullable', 'format'] as const;
export type ColumnField = (typeof COLUMN_FIELDS)[number];

/** The status word shown in badges (and matched by e2e tests). */
export const DEDUCTION_STATUS_LABELS: Record<SchemaDeductionStatus, string> = {
  proposed: 'Proposed',
  accepted: 'Accepted',
  rejected: 'Rejected',
  superseded: 'Superseded'
};

/** One line per type, shown as the option's title so a guess can be checked against its meaning. */
export const TYPE_HINTS: Record<ColumnType, string> = {
  integer: 'Whole numbers',
  float: 'Decimal numbers',
  boolean: 'True / false values',
  datetime: 'Dates or timestamps (set the format)',
  categorical: 'A small set of repeated labels',
  text: 'Free text',
  id: 'Unique identifiers, not used for learning'
};

export const ROLE_HINTS: Record<ColumnRole, string> = {
  feature: 'An input of the model',
  target: 'What the model predicts',
  id: 'Identifies a row; not an input',
  ignore: 'Left out of training'
};

// ── Deduction path ─────────────────────────────────────────────────────────────────────────

export interface DeductionPath {
  kind: 'agent' | 'deterministic';
  label: 'Agent' | 'Deterministic';
  /** Model name when the agent contributed, e.g. `gpt-4o-mini`. */
  model: string | null;
  /** A sentence for tooltips and screen readers. */
  description: string;
}

/**
 * `heuristic-1` → deterministic inference only; `langchain-openai-<model>-1` → the LangChain agent
 * contributed (on top of the deterministic profile, which still vets its suggestions).
 */
export function deductionPath(agentVersion: string): DeductionPath {
  const match = /^langchain-([a-z0-9]+)-(.+)-(\d+)$/i.exec(agentVersion);
  if (match || /^langchain-|agent/i.test(agentVersion)) {
    const model = match?.[2] ?? null;
    const provider = match?.[1] ?? null;
    const by = model ? ` (${provider ? `${provider} ` : ''}${model})` : '';
    return {
      kind: 'agent',
      label: 'Agent',
      model,
      description: `Deduced with the LangChain agent${by} on top of deterministic profiling [${agentVersion}].`
    };
  }
  return {
    kind: 'deterministic',
    label: 'Deterministic',
    model: null,
    description: `Deduced by deterministic inference from the data profile [${agentVersion}].`
  };
}

/** True when a column's reason says the agent's suggestion for it was thrown out. */
export function agentSuggestionDiscarded(reason: string | undefined): boolean {
  return !!reason && /agent|llm|model/i.test(reason) && /discard|ignor|reject|overrul/i.test(reason);
}

// ── Confidence ─────────────────────────────────────────────────────────────────────────────

/** Below this a guess is flagged for review. */
export const LOW_CONFIDENCE = 0.6;
export const HIGH_CONFIDENCE = 0.85;

export type ConfidenceLevel = 'low' | 'medium' | 'high';

export function confidenceLevel(confidence: number): ConfidenceLevel {
  if (!(confidence >= LOW_CONFIDENCE)) return 'low';
  return confidence >= HIGH_CONFIDENCE ? 'high' : 'medium';
}

/** 0.834 → 83 (clamped to 0–100; non-numbers count as 0). */
export function percent(confidence: number): number {
  if (!Number.isFinite(confidence)) return 0;
  return Math.round(Math.max(0, Math.min(1, confidence)) * 100);
}

// ── Columns ────────────────────────────────────────────────────────────────────────────────

export function metadataOf(deduction: SchemaDeductionDto, column: string): ColumnMetadataDto | undefined {
  return Object.hasOwn(deduction.columnMetadata ?? {}, column) ? deduction.columnMetadata[column] : undefined;
}

/** A copy without empty optional fields (format trimmed), so `{format: ''}` and `{}` compare equal. */
export function normalizeColumn(column: SchemaColumn): SchemaColumn {
  const out: SchemaColumn = { name: column.name, type: column.type, nullable: column.nullable };
  const format = column.format?.trim();
  if (format) out.format = format;
  if (column.role) out.role = column.role;
  return out;
}

/** Columns by name (a lookup built once per change; never mutated). */
export function byName(columns: readonly SchemaColumn[]): ReadonlyMap<string, SchemaColumn> {
  return new Map(columns.map((c) => [c.name, c]));
}

/** Which of type/role/nullable/format differ between two versions of a column. */
export function changedFields(a: SchemaColumn, b: SchemaColumn): ColumnField[] {
  return COLUMN_FIELDS.filter((field) =>
    field === 'nullable' ? a.nullable !== b.nullable : (a[field] || undefined) !== (b[field] || undefined)
  );
}

/**
 * The column with another type. A datetime format only means something for datetimes: it is dropped
 * when the type moves away from datetime and the proposed one comes back when it returns.
 */
export function withType(column: SchemaColumn, type: ColumnType, proposed?: SchemaColumn): SchemaColumn {
  const next: SchemaColumn = { ...column, type };
  if (type !== 'datetime' && column.type === 'datetime') delete next.format;
  if (type === 'datetime' && !next.format?.trim() && proposed?.type === 'datetime' && proposed.format)
    next.format = proposed.format;
  return next;
}

/** How a field value reads in a cell. */
export function fieldText(column: Pick<SchemaColumn, ColumnField>, field: ColumnField): string {
  if (field === 'nullable') return column.nullable ? 'nullable' : 'not null';
  return column[field] || '—';
}

const MAX_SAMPLE_LENGTH = 28;

/** A sample value as chip text: strings as they are (shortened), everything else as JSON. */
export function sampleText(value: unknown): { text: string; full: string; kind: 'null' | 'empty' | 'value' } {
  if (value === null || value === undefined) return { text: 'null', full: 'null', kind: 'null' };
  const full = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  if (full === '') return { text: 'empty', full: '(empty string)', kind: 'empty' };
  const text = full.length > MAX_SAMPLE_LENGTH ? `${full.slice(0, MAX_SAMPLE_LENGTH - 1)}…` : full;
  return { text, full, kind: 'value' };
}

// ── Diff between two deductions ────────────────────────────────────────────────────────────

export type DiffKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface ColumnDiff {
  name: string;
  kind: DiffKind;
  from: SchemaColumn | null;
  to: SchemaColumn | null;
  /** Fields that differ (for `changed`). */
  fields: ColumnField[];
}

/** Per-column differences from `from` to `to`: `to`'s order first, then columns only `from` had. */
export function diffSchemas(from: ProposedSchema, to: ProposedSchema): ColumnDiff[] {
  const before = new Map(from.columns.map((c) => [c.name, c]));
  const after = new Set(to.columns.map((c) => c.name));
  const rows: ColumnDiff[] = to.columns.map((column) => {
    const was = before.get(column.name);
    if (!was) return { name: column.name, kind: 'added', from: null, to: column, fields: [] };
    const fields = changedFields(was, column);
    return {
      name: column.name,
      kind: fields.length ? 'changed' : 'unchanged',
      from: was,
      to: column,
      fields
    };
  });
  for (const column of from.columns) {
    if (!after.has(column.name))
      rows.push({ name: column.name, kind: 'removed', from: column, to: null, fields: [] });
  }
  return rows;
}

/** Deductions ordered oldest first (ISO timestamps compare as strings only when formatted alike). */
export function byCreatedAt(a: SchemaDeductionDto, b: SchemaDeductionDto): number {
  return Date.parse(a.createdAt) - Date.parse(b.createdAt);
}
