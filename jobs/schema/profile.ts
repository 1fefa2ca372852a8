import os from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openDuckDbSession } from '../validation/duckdb-session';
import {
  nonNullValuesSql,
  parquetRowCountSql,
  parquetSource,
  profileAggregateSql,
  sampleRowsSql,
  type DescribedColumn
} from './profile-sql';
import { typeFamily } from './type-family';
import type { ColumnProfile } from './types';
import { computeStringPatterns } from './value-patterns';

/** Options for {@link profileParquet}. */
export interface ProfileOptions {
  /** Rows in the reservoir sample that pattern shares and sample values come from. Default 1000. */
  sampleSize?: number;
  /** Up to this many rows, distinct counts are exact; beyond, HyperLogLog estimates. Default 200,000. */
  exactDistinctUpTo?: number;
}

/** Sample values kept per column for display and for the agent prompt. */
const SHOWN_VALUES = 20;

/**
 * Profiles every column of a validated Parquet file with DuckDB: three statements whatever the width
 * (DESCRIBE, one aggregate scan, one reservoir sample) plus one for mostly-empty columns. The CSV is
 * never parsed again; Parquet's typed columns are what validation decided.
 *
 * @param parquetPath a local Parquet file (no glob characters: DuckDB would expand them).
 */
export async function profileParquet(
  parquetPath: string,
  options: ProfileOptions = {}
): Promise<ColumnProfile[]> {
  const sampleSize = Math.max(1, Math.floor(options.sampleSize ?? 1000));
  const exactDistinctUpTo = options.exactDistinctUpTo ?? 200_000;
  const session = await openDuckDbSession(os.tmpdir());
  try {
    return await profileWith(session.connection, parquetPath, sampleSize, exactDistinctUpTo);
  } finally {
    session.close();
  }
}

async function profileWith(
  connection: DuckDBConnection,
  parquetPath: string,
  sampleSize: number,
  exactDistinctUpTo: number
): Promise<ColumnProfile[]> {
  const source = parquetSource(parquetPath);
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const columns: DescribedColumn[] = described
    .getRowObjectsJS()
    .map((r) => ({ name: String(r.column_name), duckdbType: String(r.column_type) }));
  if (columns.length === 0) return [];

  // Parquet footers carry the row count, so choosing exact vs approximate distinct costs no scan.
  const meta = await connection.runAndReadAll(parquetRowCountSql(parquetPath));
  const footerRows = num(meta.getRowObjectsJS()[0]?.n);
  const exactDistinct = footerRows <= exactDistinctUpTo;

  const aggregate = await connection.runAndReadAll(profileAggregateSql(source, columns, exactDistinct));
  const stats = aggregate.getRowObjectsJS()[0] ?? {};
  const rowCount = num(stats.row_count);

  const sampleReader = await connection.runAndReadAll(sampleRowsSql(source, columns, sampleSize));
  const sampleColumns = sampleReader.getColumnsJS() as Array<Array<string | null>>;
  const samples = columns.map((_, i) => (sampleColumns[i] ?? []).filter((v): v is string => v !== null));

  // A column that is 99% empty gets a handful of values from a row sample; read its first values instead.
  const wanted = Math.min(sampleSize, 100);
  const sparse = columns
    .map((c, i) => ({ index: i, name: c.name, nonNull: num(stats[`c${i}_n`]) }))
    .filter((c) => samples[c.index]!.length < Math.min(wanted, c.nonNull));
  if (sparse.length > 0) {
    const topUp = await connection.runAndReadAll(nonNullValuesSql(source, sparse, sampleSize));
    for (const c of sparse) samples[c.index] = [];
    for (const [i, v] of topUp.getRowsJS() as Array<[number, string]>) samples[Number(i)]!.push(v);
  }

  return columns.map((column, i) =>
    buildProfile(column, i, stats, rowCount, exactDistinct, samples[i] ?? [])
  );
}

function buildProfile(
  column: DescribedColumn,
  i: number,
  stats: Record<string, unknown>,
  rowCount: number,
  exactDistinct: boolean,
  sample: string[]
): ColumnProfile {
  const family = typeFamily(column.duckdbType);
  const nonNull = num(stats[`c${i}_n`]);
  const integral = stats[`c${i}_integral`];
  const counts = new Map<string, number>();
  for (const v of sample) counts.set(v, (counts.get(v) ?? 0) + 1);
  // Most frequent first, ties by value: deterministic whatever order the sample arrived in.
  const shown = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, SHOWN_VALUES)
    .map(([v]) => v);
  const distinct = stats[`c${i}_distinct`];
  return {
    name: column.name,
    duckdbType: column.duckdbType,
    rowCount,
    nullCount: rowCount - nonNull,
    // HyperLogLog can overshoot; more distinct values than values is impossible.
    distinctCount: distinct === undefined ? counts.size : Math.min(num(distinct), nonNull),
    distinctApprox: distinct !== undefined && !exactDistinct,
    min: str(stats[`c${i}_min`]),
    max: str(stats[`c${i}_max`]),
    mean: nullableNum(stats[`c${i}_mean`]),
    integralShare: integral === undefined ? null : nonNull === 0 ? null : num(integral) / nonNull,
    minLength: nullableNum(stats[`c${i}_minlen`]),
    maxLength: nullableNum(stats[`c${i}_maxlen`]),
    meanLength: nullableNum(stats[`c${i}_meanlen`]),
    sampleCount: sample.length,
    sampleDistinct: counts.size,
    sampleValues: shown,
    patterns: family === 'string' ? computeStringPatterns(sample) : null
  };
}

/** DuckDB returns BIGINT counts as bigint; profiles use plain numbers (row counts fit easily). */
function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number(value ?? 0);
}

function nullableNum(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

function str(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
