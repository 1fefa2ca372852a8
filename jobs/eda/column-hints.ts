import { proposedSchema, type ColumnRole, type ColumnType } from '../../contracts/api';
import { sqlIdentifier } from '../validation/read-csv-sql';

/** What the accepted schema says of one column: how the report should read it. */
export interface ColumnHint {
  type: ColumnType;
  role: ColumnRole;
}

/** The accepted schema's types and roles by column name; null when there is none or it is unreadable. */
export type ColumnHints = ReadonlyMap<string, ColumnHint>;

export function columnHints(acceptedSchema: unknown): ColumnHints | null {
  if (acceptedSchema === null || acceptedSchema === undefined) return null;
  const parsed = proposedSchema.safeParse(acceptedSchema);
  if (!parsed.success) return null;
  return new Map(
    parsed.data.columns.map((c) => [c.name, { type: c.type, role: c.role ?? defaultRole(c.type) }])
  );
}

function defaultRole(type: ColumnType): ColumnRole {
  return type === 'id' ? 'id' : 'feature';
}

/** Columns people set to "ignore": the report leaves them out entirely. */
export function ignoredColumns(hints: ColumnHints | null | undefined, names: readonly string[]): string[] {
  if (!hints) return [];
  const ignored = names.filter((n) => hints.get(n)?.role === 'ignore');
  // A schema that ignores every column still gets a report of them rather than an empty query.
  return ignored.length === names.length ? [] : ignored;
}

/** `source` without the named columns; Parquet then never reads them. */
export function withoutColumns(source: string, names: readonly string[]): string {
  if (names.length === 0) return source;
  return `(SELECT * EXCLUDE (${names.map(sqlIdentifier).join(', ')}) FROM ${source})`;
}

/** An identifier by the schema's word: the id role, or the id type left without another role. */
export function isIdentifier(hint: ColumnHint | undefined): boolean {
  return hint?.role === 'id';
}

/**
 * Schema types that turn a column into one counted by value (bars of its values) whatever its storage
 * type: a numeric code people call categorical is not a quantity to bin or correlate.
 */
export function countedType(type: ColumnType | undefined): 'categorical' | 'boolean' | 'text' | null {
  return type === 'categorical' || type === 'boolean' || type === 'text' ? type : null;
}
