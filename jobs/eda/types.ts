/** How a column is analysed and charted. */
export type ColumnKind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';

/**
 * Linear interpolation between order statistics, as DuckDB's `quantile_cont`, numpy's default and
 * pandas' `Series.quantile()` define it: position h = (n − 1)·p over the sorted values, then
 * x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 */
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
  /**
   * True when `distinct` is estimated: numeric and datetime columns of large files, where it is the
   * sum of HyperLogLog estimates over 5,120 value bins (within ±3 % on the distributions we test).
   * Text, categorical and boolean columns, integer columns spanning fewer than 5,120 values and
   * identifier candidates are always counted exactly.
   */
  distinctApprox: boolean;
  /** Numbers for numeric columns, ISO-8601 text for datetime, text otherwise; null when empty. */
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  /** Sample standard deviation (n − 1), as pandas' `std()`. */
  std: number | null;
  /** Adjusted Fisher–Pearson skewness, as pandas' `skew()`. */
  skewness: number | null;
  quantiles: Quantiles | null;
  histogram: Histogram | null;
  top: TopValue[] | null;
  /** The accepted schema's role when it marks the column as the target or an identifier. */
  role?: 'target' | 'id';
}

export type WarningCode =
  'constant' | 'high_cardinality' | 'high_missing' | 'skewed' | 'id_like' | 'strong_correlation';

export type WarningSeverity = 'info' | 'warning';

export interface EdaWarning {
  code: WarningCode;
  column?: string;
  columns?: string[];
  severity: WarningSeverity;
  /** What was found, in one sentence. */
  message: string;
  /** Why it matters and what people usually do about it. */
  explanation: string;
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
  /** Called once the overview scan has counted rows and missing values (before distributions). */
  onOverview?: (overview: Pick<EdaStats, 'rows' | 'columnStats'>) => void;
  /** Called with the correlation matrix as soon as it is known. */
  onCorrelations?: (correlations: Correlations) => void;
  /** Called with 0–100 and a short step label. */
  onProgress?: (percent: number, step: string) => void;
  /** Up to this many rows, distinct counts are exact everywhere. Default 200,000. */
  exactDistinctUpTo?: number;
  /** Histogram bins. Default 20. */
  bins?: number;
  /** Top values kept per categorical/text/boolean column. Default 10. */
  topK?: number;
}
