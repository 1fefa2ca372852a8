import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnHints } from './column-hints';
import { duplicateRows } from './duplicates';
import { runOverview, type ColumnOverview } from './overview';
import { planColumns, type ColumnPlan } from './plan';
import { quantilesFromBins } from './quantiles';
import { valueCounts } from './top-values';
import type { ColumnKind, ColumnStats, EdaOptions, EdaStats } from './types';
import { histogramFrom, valueBins } from './value-bins';
import { num } from './values';
import { WARNING_THRESHOLDS, edaWarnings } from './warnings';

export interface AnalyseOptions extends EdaOptions {
  /** Exact quantiles and skewness (the sampled first pass skips them). Default true. */
  quantiles?: boolean;
  /** Count duplicate rows. Default true. */
  duplicates?: boolean;
  /** Rows in `source`, when known without a scan (Parquet footer); decides exact distinct counts. */
  rowsHint?: number;
  /** The accepted schema's types and roles: the columns are read and warned about as it says. */
  hints?: ColumnHints | null;
}

/**
 * The statistics of one table expression, in as few scans as possible: one aggregate over every
 * column (counts, bounds, moments, correlations, row hashes); per column one grouped scan (value
 * bins, or top values) and, for quantiles, one scan that sorts only the bins holding them.
 * Columns are reported through `onColumn` in order as each is complete.
 */
export async function analyse(
  connection: DuckDBConnection,
  source: string,
  options: AnalyseOptions = {}
): Promise<EdaStats> {
  const progress = options.onProgress ?? (() => {});
  const bins = Math.max(1, Math.floor(options.bins ?? 20));
  const topK = Math.max(1, Math.floor(options.topK ?? 10));
  const withQuantiles = options.quantiles ?? true;
  const withDuplicates = options.duplicates ?? true;
  progress(0, 'Reading the schema');

  const plans = await planColumns(connection, source, options.hints);
  const exactDistinct =
    options.rowsHint !== undefined && options.rowsHint <= (options.exactDistinctUpTo ?? 200_000);
  progress(5, 'Counting values, missing cells and correlations');
  const overview = await runOverview(connection, source, plans, {
    exactDistinct,
    duplicates: withDuplicates
  });
  const rows = overview.rows;
  const columnStats = plans.map((p) => baseStats(p, overview.columns[p.index]!, rows, exactDistinct));
  options.onOverview?.({ rows, columnStats });

  const correlations = overview.correlations;
  options.onCorrelations?.(correlations);

  const meanLengths = new Map<number, number>();
  for (const plan of plans) {
    const stats = columnStats[plan.index]!;
    const meanLength = await distribution(connection, source, plan, stats, overview.columns[plan.index]!, {
      bins,
      topK,
      withQuantiles,
      exactDistinct
    });
    if (meanLength !== null) meanLengths.set(plan.index, meanLength);
    options.onColumn?.(stats);
    progress(40 + Math.round((50 * (plan.index + 1)) / plans.length), `Column ${plan.name}`);
  }

  progress(92, 'Counting duplicate rows');
  const duplicates = withDuplicates
    ? await duplicateRows(connection, source, plans, overview.hashDuplicates)
    : 0;
  const missingCells = columnStats.reduce((s, c) => s + c.missing, 0);
  const cells = rows * plans.length;
  const result: EdaStats = {
    rows,
    columns: plans.length,
    missingCells,
    missingCellsPercent: cells === 0 ? 0 : (100 * missingCells) / cells,
    duplicateRows: duplicates,
    memoryBytes: plans.reduce((s, p) => s + memoryOf(p, meanLengths.get(p.index) ?? 0, rows), 0),
    columnStats,
    correlations,
    warnings: []
  };
  result.warnings = edaWarnings(result);
  progress(100, 'Done');
  return result;
}

function baseStats(plan: ColumnPlan, o: ColumnOverview, rows: number, exactDistinct: boolean): ColumnStats {
  let min = o.min;
  let max = o.max;
  if (plan.datetime) {
    min = typeof min === 'number' ? new Date(min).toISOString() : null;
    max = typeof max === 'number' ? new Date(max).toISOString() : null;
  }
  const numericDistinct = plan.valueExpr !== null && o.distinct !== null;
  return {
    name: plan.name,
    duckdbType: plan.duckdbType,
    ...(plan.role ? { role: plan.role } : {}),
    kind: plan.kind
      ? plan.kind
      : plan.datetime
        ? 'datetime'
        : plan.numeric
          ? 'numeric'
          : plan.family === 'boolean'
            ? 'boolean'
            : 'text',
    count: o.count,
    missing: rows - o.count,
    // Distinct counts of other columns come with their value bins or top values.
    distinct: numericDistinct ? Math.min(o.distinct!, o.count) : 0,
    distinctApprox: plan.valueExpr !== null && !exactDistinct,
    min,
    max,
    mean: o.mean,
    std: o.std,
    skewness: null,
    quantiles: null,
    histogram: null,
    top: null
  };
}

interface DistributionOptions {
  bins: number;
  topK: number;
  withQuantiles: boolean;
  exactDistinct: boolean;
}

async function distribution(
  connection: DuckDBConnection,
  source: string,
  plan: ColumnPlan,
  stats: ColumnStats,
  o: ColumnOverview,
  opts: DistributionOptions
): Promise<number | null> {
  if (plan.family === 'other') return null;
  if (plan.valueExpr === null) {
    const counts = await valueCounts(connection, source, plan, opts.topK);
    stats.top = counts.top;
    stats.distinct = counts.distinct;
    stats.distinctApprox = false;
    stats.kind = kindOf(plan, counts.distinct);
    stats.min = counts.min;
    stats.max = counts.max;
    return counts.meanLength;
  }
  const lo = typeof o.min === 'number' ? o.min : null;
  const hi = typeof o.max === 'number' ? o.max : null;
  if (lo === null || hi === null || o.valid === 0) return null;
  const bins = await valueBins(
    connection,
    source,
    plan,
    { lo, hi, mean: plan.numeric && opts.withQuantiles ? o.mean : null },
    { distinct: !opts.exactDistinct }
  );
  stats.histogram = histogramFrom(bins, opts.bins);
  if (!opts.exactDistinct && bins.distinct !== null) {
    stats.distinct = Math.min(Math.round(bins.distinct), stats.count);
    stats.distinctApprox = !bins.unit;
  }
  // Every valid value equal: one distinct value unless NaN or infinities sit beside it.
  if (lo === hi && o.valid === o.count) {
    stats.distinct = 1;
    stats.distinctApprox = false;
  }
  if (plan.numeric && opts.withQuantiles) {
    stats.quantiles = await quantilesFromBins(connection, source, plan, bins);
    stats.skewness = skewness(o.valid, o.std, bins.centralSum3);
    if (stats.distinctApprox && isIdCandidate(plan, stats, lo, hi)) {
      const sql = `SELECT count(DISTINCT ${plan.id}) AS d FROM ${source}`;
      stats.distinct = num((await connection.runAndReadAll(sql)).getRowObjectsJS()[0]?.d);
      stats.distinctApprox = false;
    }
  }
  return null;
}

/**
 * An integer column that may hold a different value in every row. Only these get an exact (and
 * costlier) distinct count, so the identifier warning never rests on an estimate.
 */
function isIdCandidate(plan: ColumnPlan, stats: ColumnStats, lo: number, hi: number): boolean {
  return (
    plan.family === 'integer' &&
    stats.missing === 0 &&
    stats.count > 1 &&
    hi - lo + 1 >= stats.count &&
    stats.distinct >= 0.9 * stats.count
  );
}

/**
 * pandas' `skew()`: adjusted Fisher–Pearson from the sums of centred squares and cubes; the squares
 * come from the sample standard deviation. Null below three values, 0 for a constant column.
 */
function skewness(n: number, std: number | null, m3: number | null): number | null {
  if (m3 === null || std === null || n < 3) return null;
  const m2 = std * std * (n - 1);
  if (m2 === 0) return 0;
  const value = ((n * Math.sqrt(n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
  return Number.isFinite(value) ? value : null;
}

function kindOf(plan: ColumnPlan, distinct: number): ColumnKind {
  if (plan.kind) return plan.kind;
  if (plan.family === 'boolean') return 'boolean';
  if (plan.family === 'string' && distinct <= WARNING_THRESHOLDS.categoricalMaxDistinct) return 'categorical';
  return 'text';
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

function memoryOf(plan: ColumnPlan, meanLength: number, rows: number): number {
  if (plan.family === 'string') return Math.round(rows * (16 + meanLength));
  return rows * (FIXED_WIDTHS[plan.duckdbType.toUpperCase()] ?? 8);
}
