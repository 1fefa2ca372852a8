import { DuckDBInstance } from '@duckdb/node-api';
import type { DatasetPreviewDto } from '../../../contracts/api';

export const PREVIEW_ROWS = 500;

/** JSON-safe values: DuckDB hands back bigints and value objects for dates, decimals and lists. */
export function toJsonValue(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

/** The first rows of a Parquet file, typed, as the preview endpoint serves them. */
export async function buildPreview(parquetPath: string, rows = PREVIEW_ROWS): Promise<DatasetPreviewDto> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT * FROM read_parquet('${parquetPath.replace(/'/g, "''")}') LIMIT ${rows}`
    );
    const names = reader.columnNames();
    const types = reader.columnTypes().map((t) => t.toString());
    return {
      columns: names.map((name, i) => ({ name, type: types[i] ?? 'VARCHAR' })),
      rows: reader.getRows().map((row) => Object.fromEntries(names.map((n, i) => [n, toJsonValue(row[i])])))
    };
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}
