import type { DuckDBConnection } from '@duckdb/node-api';
import { isNumericFamily, typeFamily, type TypeFamily } from '../schema/type-family';
import { sqlIdentifier } from '../validation/read-csv-sql';
import { countedType, isIdentifier, type ColumnHints } from './column-hints';
import type { ColumnKind } from './types';

/** How each column of the source is read by the EDA queries. */
export interface ColumnPlan {
  index: number;
  name: string;
  duckdbType: string;
  family: TypeFamily;
  /** The quoted identifier. */
  id: string;
  numeric: boolean;
  datetime: boolean;
  /**
   * Numeric columns: the value as DOUBLE, NULL unless finite; datetime: epoch ms; null otherwise.
   * Available as `e<index>` in {@link cleanedSource}.
   */
  valueExpr: string | null;
  /** The kind the accepted schema asks for (categorical, boolean, text), over the storage type's. */
  kind: ColumnKind | null;
  /** The accepted schema's role, when it says target or id. */
  role: 'target' | 'id' | null;
}

/**
 * The columns of `source` (any DuckDB table expression) as DESCRIBE sees them, read as the accepted
 * schema says where it gives `hints`: a column it calls categorical, boolean or text is counted by
 * value even when stored as numbers.
 */
export async function planColumns(
  connection: DuckDBConnection,
  source: string,
  hints?: ColumnHints | null
): Promise<ColumnPlan[]> {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  return described.getRowObjectsJS().map((r, index) => {
    const name = String(r.column_name);
    const duckdbType = String(r.column_type);
    const family = typeFamily(duckdbType);
    const id = sqlIdentifier(name);
    const upper = duckdbType.toUpperCase();
    const hint = hints?.get(name);
    const counted = countedType(hint?.type);
    const datetime = !counted && (upper === 'DATE' || upper.startsWith('TIMESTAMP'));
    const numeric = !counted && isNumericFamily(family);
    return {
      index,
      name,
      duckdbType,
      family,
      id,
      numeric,
      datetime,
      // NaN and ±inf would poison means, quantiles and bins: they count as present but not as numbers.
      valueExpr: numeric
        ? family === 'floating'
          ? `CASE WHEN isfinite(${id}) THEN ${id}::DOUBLE END`
          : `${id}::DOUBLE`
        : datetime
          ? `epoch_ms(${id}::TIMESTAMP)::DOUBLE`
          : null,
      kind: counted,
      role: isIdentifier(hint) ? 'id' : hint?.role === 'target' ? 'target' : null
    };
  });
}

/**
 * `source` with each numeric/datetime column's cleaned value as `e<index>`, computed once per row
 * rather than once per aggregate. Only the listed columns are projected, so Parquet reads no others.
 */
export function cleanedSource(source: string, plans: readonly ColumnPlan[]): string {
  const parts = plans.flatMap((p) => [
    p.id,
    ...(p.valueExpr !== null ? [`${p.valueExpr} AS e${p.index}`] : [])
  ]);
  return parts.length === 0 ? source : `(SELECT ${parts.join(', ')} FROM ${source})`;
}
