import os from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import { parquetRowCountSql, parquetSource, type DescribedColumn } from '../schema/profile-sql';
import { isNumericFamily, typeFamily, type TypeFamily } from '../schema/type-family';
import { openDuckDbSession } from '../validation/duckdb-session';
import { sqlIdentifier } from '../validation/read-csv-sql';

/** How a column is analysed and charted. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';

export interface Quantiles {
  p1: number;
  p5: number;
  p25: number;
  p50: number;
  p75: number;
  p95: number;
  p99: number;
}

/**
 * Equal-width bins: `counts[i]` values fall in `[edges[i], edges[i+1])` (the last bin is closed).
 * For datetime columns the edges are epoch milliseconds (UTC).
 */
export interface Histogram {
  edges: number[];
  counts: number[];
}

export interface TopValue {
  value: string;
  count: number;
}

export interface ColumnStats {
  name: string;
  duckdbType: string;
  kind: ColumnKind;
  /** Non-missing values. */
  count: number;
  missing: number;
  distinct: number;
  /** True when `distinct` is a HyperLogLog estimate (files above the exact-distinct threshold). */
  distinctApprox: boolean;
  /** Numbers for numeric columns, ISO-8601 text for datetime, text otherwise; null when empty. */
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  /** Sample standard deviation. */
  std: number | null;
  skewness: number | null;
  quantiles: Quantiles | null;
  histogram: Histogram | null;
  top: TopValue[] | null;
}

export type WarningCode =
  'constant' | 'high_cardinality' | 'high_missing' | 'skewed' | 'id_like' | 'strong_correlation';

export interface EdaWarning {
  code: WarningCode;
  column?: string;
  columns?: string[];
  message: string;
}

export interface Correlations {
  columns: string[];
  /** Pearson r; null where undefined (a constant column, or fewer than two complete pairs). */
  matrix: Array<Array<number | null>>;
}

export interface EdaStats {
  rows: number;
  columns: number;
  missingCells: number;
  /** Share of missing cells, 0–100. */
  missingCellsPercent: number;
  duplicateRows: number;
  /** Rough in-memory size of the table in bytes (fixed widths, strings at mean length + 16). */
  memoryBytes: number;
  columnStats: ColumnStats[];
  correlations: Correlations;
  warnings: EdaWarning[];
}

export interface EdaOptions {
  /** Called as each column's statistics are complete, in column order. */
  onColumn?: (column: ColumnStats) => void;
  /** Called with 0–100 and a short step label. */
  onProgress?: (percent: number, step: string) => void;
  /** Up to this many rows, distinct counts are exact; beyond, approx_count_distinct. Default 200,000. */
  exactDistinctUpTo?: number;
  /** Histogram bins. Default 20. */
  bins?: number;
  /** Top values kept per categorical/text/boolean column. Default 10. */
  topK?: number;
}

/** Thresholds for warnings. */
export const WARNING_THRESHOLDS = {
  missingShare: 0.5,
  skewness: 2,
  correlation: 0.9,
  /** A text column with more distinct values than this and than half its values is high-cardinality. */
  highCardinality: 50,
  /** Strings with at most this many distinct values are categorical rather than text. */
  categoricalMaxDistinct: 50
} as const;

const PROBABILITIES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
const QUANTILE_KEYS = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;

/**
 * Exploratory statistics of a typed Parquet file with DuckDB (2 threads, 512 MB). One aggregate scan
 * computes counts, distincts, moments and quantiles of every column; then each column's histogram or
 * top values (one cheap columnar scan each, reported through `onColumn` as they finish); then
 * duplicate rows and one `corr()` statement for every numeric pair.
 */
export async function computeEda(parquetPath: string, options: EdaOptions = {}): Promise<EdaStats> {
  const session = await openDuckDbSession(os.tmpdir());
  try {
    return await edaWith(session.connection, parquetPath, options);
  } finally {
    session.close();
  }
}

interface Plan extends DescribedColumn {
  index: number;
  family: TypeFamily;
  /** Numeric columns: the value as DOUBLE, NULL unless finite; datetime: epoch ms. */
  numericExpr: string | null;
  /** Rows whose value counts for moments/histograms. */
  validExpr: string;
  datetime: boolean;
}

async function edaWith(
  connection: DuckDBConnection,
  parquetPath: string,
  options: EdaOptions
): Promise<EdaStats> {
  const progress = options.onProgress ?? (() => {});
  const bins = Math.max(1, Math.floor(options.bins ?? 20));
  const topK = Math.max(1, Math.floor(options.topK ?? 10));
  const source = parquetSource(parquetPath);
  progress(0, 'reading schema');

  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
  const plans: Plan[] = described.getRowObjectsJS().map((r, index) => {
    const name = String(r.column_name);
    const duckdbType = String(r.column_type);
    const family = typeFamily(duckdbType);
    const q = sqlIdentifier(name);
    const upper = duckdbType.toUpperCase();
    const datetime = upper === 'DATE' || upper.startsWith('TIMESTAMP');
    const numeric = isNumericFamily(family);
    return {
      index,
      name,
      duckdbType,
      family,
      datetime,
      // NaN and ±inf would poison means, quantiles and bins: they count as present but not as numbers.
      numericExpr: numeric
        ? family === 'floating'
          ? `CASE WHEN isfinite(${q}) THEN ${q}::DOUBLE END`
          : `${q}::DOUBLE`
        : datetime
          ? `epoch_ms(${q}::TIMESTAMP)`
          : null,
      validExpr: family === 'floating' ? `isfinite(${q})` : `${q} IS NOT NULL`
    };
  });
  const meta = await connection.runAndReadAll(parquetRowCountSql(parquetPath));
  const footerRows = num(meta.getRowObjectsJS()[0]?.n);
  const exactDistinct = footerRows <= (options.exactDistinctUpTo ?? 200_000);
  progress(5, 'computing column statistics');

  const aggregate = await connection.runAndReadAll(aggregateSql(source, plans, exactDistinct));
  const agg = aggregate.getRowObjectsJS()[0] ?? {};
  const rows = num(agg.row_count);
  progress(40, 'computing distributions');

  const columnStats: ColumnStats[] = [];
  for (const plan of plans) {
    const stats = baseStats(plan, agg, rows, exactDistinct);
    if (plan.numericExpr !== null && stats.count > 0) {
      stats.histogram = await histogram(connection, source, plan, agg, bins);
    } else if (stats.kind !== 'numeric' && stats.kind !== 'datetime' && stats.count > 0) {
      stats.top = await topValues(connection, source, plan, topK);
    } else if (stats.kind !== 'numeric' && stats.kind !== 'datetime') {
      stats.top = [];
    }
    columnStats.push(stats);
    options.onColumn?.(stats);
    progress(40 + Math.round((45 * columnStats.length) / plans.length), `column ${plan.name}`);
  }

  progress(85, 'counting duplicate rows');
  const duplicateRows =
    plans.length === 0
      ? 0
      : num(
          (
            await connection.runAndReadAll(
              `SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT * FROM ${source})) AS d FROM ${source}`
            )
          ).getRowObjectsJS()[0]?.d
        );

  progress(92, 'computing correlations');
  const numericPlans = plans.filter((p) => isNumericFamily(p.family));
  const correlations = await correlate(connection, source, numericPlans);

  const missingCells = columnStats.reduce((s, c) => s + c.missing, 0);
  const cells = rows * plans.length;
  const result: EdaStats = {
    rows,
    columns: plans.length,
    missingCells,
    missingCellsPercent: cells === 0 ? 0 : (100 * missingCells) / cells,
    duplicateRows,
    memoryBytes: plans.reduce((s, p) => s + memoryOf(p, agg, rows), 0),
    columnStats,
    correlations,
    warnings: []
  };
  result.warnings = edaWarnings(result);
  progress(100, 'done');
  return result;
}

function aggregateSql(source: string, plans: readonly Plan[], exactDistinct: boolean): string {
  const parts = ['count(*) AS row_count'];
  const list = `[${PROBABILITIES.join(', ')}]`;
  for (const p of plans) {
    const q = sqlIdentifier(p.name);
    const i = p.index;
    parts.push(`count(${q}) AS c${i}_n`);
    if (p.family === 'other') continue;
    parts.push(
      exactDistinct
        ? `count(DISTINCT ${q}) AS c${i}_distinct`
        : `approx_count_distinct(${q}) AS c${i}_distinct`
    );
    if (p.numericExpr !== null) {
      // The cleaned value is computed once per row in the subquery below, not once per aggregate.
      const v = `e${i}`;
      parts.push(`min(${v}) AS c${i}_min`, `max(${v}) AS c${i}_max`, `count(${v}) AS c${i}_valid`);
      if (!p.datetime) {
        parts.push(
          `avg(${v}) AS c${i}_mean`,
          `stddev_samp(${v}) AS c${i}_std`,
          `skewness(${v}) AS c${i}_skew`,
          `quantile_cont(${v}, ${list}) AS c${i}_q`
        );
      }
    } else if (p.family !== 'boolean') {
      parts.push(`CAST(min(${q}) AS VARCHAR) AS c${i}_min`, `CAST(max(${q}) AS VARCHAR) AS c${i}_max`);
    }
    if (p.family === 'string') parts.push(`avg(strlen(${q})) AS c${i}_len`);
  }
  return `SELECT ${parts.join(', ')} FROM ${cleanedSource(source, plans)}`;
}

/** The source plus `e<i>`, each numeric/datetime column's cleaned value. */
function cleanedSource(source: string, plans: readonly Plan[]): string {
  const extra = plans.filter((p) => p.numericExpr !== null).map((p) => `${p.numericExpr} AS e${p.index}`);
  return extra.length === 0 ? source : `(SELECT *, ${extra.join(', ')} FROM ${source})`;
}

function kindOf(plan: Plan, distinct: number): ColumnKind {
  if (plan.datetime) return 'datetime';
  if (isNumericFamily(plan.family)) return 'numeric';
  if (plan.family === 'boolean') return 'boolean';
  if (plan.family === 'string' && distinct <= WARNING_THRESHOLDS.categoricalMaxDistinct) return 'categorical';
  return 'text';
}

function baseStats(
  plan: Plan,
  agg: Record<string, unknown>,
  rows: number,
  exactDistinct: boolean
): ColumnStats {
  const i = plan.index;
  const count = num(agg[`c${i}_n`]);
  const rawDistinct = agg[`c${i}_distinct`];
  // HyperLogLog can overshoot; more distinct values than values is impossible.
  const distinct = rawDistinct === undefined ? 0 : Math.min(num(rawDistinct), count);
  const kind = kindOf(plan, distinct);
  const q = agg[`c${i}_q`];
  const qs = Array.isArray(q) ? q.map((v) => nullableNum(v)) : null;
  let min: number | string | null = nullableValue(agg[`c${i}_min`]);
  let max: number | string | null = nullableValue(agg[`c${i}_max`]);
  if (plan.datetime) {
    min = typeof min === 'number' ? new Date(min).toISOString() : null;
    max = typeof max === 'number' ? new Date(max).toISOString() : null;
  }
  return {
    name: plan.name,
    duckdbType: plan.duckdbType,
    kind,
    count,
    missing: rows - count,
    distinct,
    distinctApprox: !exactDistinct && rawDistinct !== undefined,
    min,
    max,
    mean: finiteOrNull(agg[`c${i}_mean`]),
    std: finiteOrNull(agg[`c${i}_std`]),
    skewness: finiteOrNull(agg[`c${i}_skew`]),
    quantiles:
      qs && qs.every((v) => v !== null)
        ? (Object.fromEntries(QUANTILE_KEYS.map((k, j) => [k, qs[j]])) as unknown as Quantiles)
        : null,
    histogram: null,
    top: null
  };
}

/**
 * Equal-width bins between the finite min and max, counted in SQL. Integer columns spanning fewer
 * values than bins get one bin per integer, so no bin straddles two values unevenly.
 */
async function histogram(
  connection: DuckDBConnection,
  source: string,
  plan: Plan,
  agg: Record<string, unknown>,
  bins: number
): Promise<Histogram | null> {
  const i = plan.index;
  const lo = nullableNum(agg[`c${i}_min`]);
  const hi = nullableNum(agg[`c${i}_max`]);
  if (lo === null || hi === null || num(agg[`c${i}_valid`]) === 0) return null;
  let start = lo;
  let n = bins;
  let width: number;
  if (plan.family === 'integer' && hi - lo + 1 <= bins) {
    start = lo - 0.5;
    n = hi - lo + 1;
    width = 1;
  } else if (hi === lo) {
    start = lo - 0.5;
    n = 1;
    width = 1;
  } else {
    width = (hi - lo) / bins;
  }
  const v = plan.numericExpr!;
  const sql =
    `SELECT least(greatest(floor((${v} - ${start}) / ${width}), 0), ${n - 1})::INTEGER AS bin, count(*) AS n ` +
    `FROM ${source} WHERE ${plan.validExpr} GROUP BY 1`;
  const counts = new Array<number>(n).fill(0);
  for (const [b, c] of (await connection.runAndReadAll(sql)).getRowsJS()) counts[Number(b)] = num(c);
  const edges = Array.from({ length: n + 1 }, (_, k) => (k === n && width !== 1 ? hi : start + k * width));
  return { edges, counts };
}

async function topValues(
  connection: DuckDBConnection,
  source: string,
  plan: Plan,
  k: number
): Promise<TopValue[]> {
  const q = sqlIdentifier(plan.name);
  const sql =
    `SELECT CAST(${q} AS VARCHAR) AS v, count(*) AS c FROM ${source} WHERE ${q} IS NOT NULL ` +
    `GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${k}`;
  return (await connection.runAndReadAll(sql))
    .getRowsJS()
    .map(([v, c]) => ({ value: String(v), count: num(c) }));
}

/** Pearson r of every numeric pair in one statement (pairwise-complete rows, finite values). */
async function correlate(
  connection: DuckDBConnection,
  source: string,
  plans: readonly Plan[]
): Promise<Correlations> {
  const columns = plans.map((p) => p.name);
  const matrix = plans.map(() => plans.map(() => null as number | null));
  const parts: string[] = [];
  for (let a = 0; a < plans.length; a++) {
    for (let b = a; b < plans.length; b++) {
      const pa = plans[a]!;
      const pb = plans[b]!;
      // corr() skips pairs with a NULL, and non-finite values are NULL once cleaned.
      parts.push(`corr(e${pa.index}, e${pb.index}) AS r${a}_${b}`);
    }
  }
  if (parts.length > 0) {
    const sql = `SELECT ${parts.join(', ')} FROM ${cleanedSource(source, plans)}`;
    const row = (await connection.runAndReadAll(sql)).getRowObjectsJS()[0];
    for (let a = 0; a < plans.length; a++) {
      for (let b = a; b < plans.length; b++) {
        // The diagonal is corr(x, x): 1, or null for a constant column.
        const r = finiteOrNull(row?.[`r${a}_${b}`]);
        matrix[a]![b] = a === b && r !== null ? 1 : r;
        matrix[b]![a] = a === b && r !== null ? 1 : r;
      }
    }
  }
  return { columns, matrix };
}

const FIXED_WIDTHS: Record<string, number> = {
  BOOLEAN: 1,
  TINYINT: 1,
  UTINYINT: 1,
  SMALLINT: 2,
  USMALLINT: 2,
  INTEGER: 4,
  UINTEGER: 4,
  FLOAT: 4,
  REAL: 4,
  DATE: 4,
  HUGEINT: 16,
  UHUGEINT: 16,
  UUID: 16
};

function memoryOf(plan: Plan, agg: Record<string, unknown>, rows: number): number {
  const t = plan.duckdbType.toUpperCase();
  if (plan.family === 'string') return Math.round(rows * (16 + num(agg[`c${plan.index}_len`] ?? 0)));
  return rows * (FIXED_WIDTHS[t] ?? 8);
}

/** Data-quality warnings from computed statistics. */
export function edaWarnings(stats: Pick<EdaStats, 'rows' | 'columnStats' | 'correlations'>): EdaWarning[] {
  const out: EdaWarning[] = [];
  const t = WARNING_THRESHOLDS;
  for (const c of stats.columnStats) {
    const total = c.count + c.missing;
    if (total > 0 && c.missing / total > t.missingShare) {
      out.push({
        code: 'high_missing',
        column: c.name,
        message: `${c.name} is ${pct(c.missing / total)} missing`
      });
    }
    if (c.count > 0 && c.distinct === 1) {
      out.push({ code: 'constant', column: c.name, message: `${c.name} has a single value` });
      continue;
    }
    const idFamily = c.kind === 'text' || c.kind === 'categorical' || /INT/i.test(c.duckdbType);
    const allDistinct = c.distinctApprox ? c.distinct >= 0.95 * c.count : c.distinct === c.count;
    const idLike = idFamily && c.kind !== 'datetime' && c.count > 1 && c.missing === 0 && allDistinct;
    if (idLike) {
      out.push({
        code: 'id_like',
        column: c.name,
        message: `${c.name} has a distinct value in every row: probably an identifier`
      });
    } else if (
      (c.kind === 'text' || c.kind === 'categorical') &&
      c.distinct > t.highCardinality &&
      c.distinct > c.count / 2
    ) {
      out.push({
        code: 'high_cardinality',
        column: c.name,
        message: `${c.name} has ${c.distinct}${c.distinctApprox ? ' (approx.)' : ''} distinct values`
      });
    }
    if (c.kind === 'numeric' && c.skewness !== null && Math.abs(c.skewness) > t.skewness) {
      out.push({
        code: 'skewed',
        column: c.name,
        message: `${c.name} is highly skewed (skewness ${c.skewness.toFixed(2)})`
      });
    }
  }
  const { columns, matrix } = stats.correlations;
  for (let a = 0; a < columns.length; a++) {
    for (let b = a + 1; b < columns.length; b++) {
      const r = matrix[a]?.[b];
      if (r !== null && r !== undefined && Math.abs(r) > t.correlation) {
        out.push({
          code: 'strong_correlation',
          columns: [columns[a]!, columns[b]!],
          message: `${columns[a]} and ${columns[b]} are strongly correlated (r = ${r.toFixed(3)})`
        });
      }
    }
  }
  return out;
}

function pct(share: number): string {
  return `${(100 * share).toFixed(1)}%`;
}

function num(value: unknown): number {
  return typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number(value ?? 0);
}

function nullableNum(value: unknown): number | null {
  return value === null || value === undefined ? null : num(value);
}

function finiteOrNull(value: unknown): number | null {
  const n = nullableNum(value);
  return n === null || !Number.isFinite(n) ? null : n;
}

function nullableValue(value: unknown): number | string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  return String(value);
}
