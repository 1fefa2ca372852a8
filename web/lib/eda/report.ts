import type { EdaChartDto, EdaReportDto } from '$lib/contracts';

/** Reading a report for the page: pure functions (the API calls are in api.ts). */

/** One Vega-Lite chart of a report (`fullReport.charts[]`, `report.charts` while running, or `eda:chart`). */
export type EdaChart = EdaChartDto;

export const QUANTILE_KEYS = ['p1', 'p5', 'p25', 'p50', 'p75', 'p95', 'p99'] as const;
export type QuantileKey = (typeof QUANTILE_KEYS)[number];

/** The per-column statistics of `fullReport.columns[]` the UI shows. */
export interface EdaColumn {
  name: string;
  type: string;
  /** The accepted schema's role when it marks the column as the target or an identifier. */
  role: 'target' | 'id' | null;
  count: number | null;
  missing: number | null;
  distinct: number | null;
  /** The distinct count is a HyperLogLog estimate. */
  distinctApprox: boolean;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
  quantiles: Record<QuantileKey, number | null>;
}

export interface EdaSummary {
  rows: number | null;
  columns: number | null;
  missingCellsPercent: number | null;
  duplicateRows: number | null;
  memoryBytes: number | null;
  /** Number of data-quality warnings. */
  warnings: number | null;
}

export interface EdaWarningItem {
  code: string;
  severity: 'info' | 'warning';
  message: string;
  explanation: string;
  column?: string;
  columns?: string[];
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function scalar(value: unknown): number | string | null {
  if (typeof value === 'string') return value;
  return num(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isChart(value: unknown): value is EdaChart {
  return (
    isRecord(value) && typeof value.id === 'string' && typeof value.title === 'string' && 'spec' in value
  );
}

export function summaryOf(report: EdaReportDto): EdaSummary {
  const s = isRecord(report.summary) ? report.summary : {};
  const warnings = Array.isArray(s.warnings) ? s.warnings.length : num(s.warnings);
  return {
    rows: num(s.rows),
    columns: num(s.columns),
    missingCellsPercent: num(s.missingCellsPercent),
    duplicateRows: num(s.duplicateRows),
    memoryBytes: num(s.memoryBytes),
    warnings
  };
}

/** The finished report's charts, or while it runs the charts drawn so far. */
export function chartsOf(report: EdaReportDto): EdaChart[] {
  const charts = report.status === 'running' ? report.charts : report.fullReport?.charts;
  return Array.isArray(charts) ? charts.filter(isChart) : [];
}

/**
 * Adds charts to a list in arrival order, replacing by id: a sampled chart gives way to the exact
 * one, never the reverse (a saved sampled chart can reach us after the live exact one).
 */
export function mergeCharts(current: readonly EdaChart[], incoming: readonly EdaChart[]): EdaChart[] {
  const next = [...current];
  for (const chart of incoming) {
    const at = next.findIndex((c) => c.id === chart.id);
    if (at < 0) next.push(chart);
    else if (!(chart.sampled && !next[at]!.sampled)) next[at] = chart;
  }
  return next;
}

export function columnsOf(report: EdaReportDto): EdaColumn[] {
  const columns = report.fullReport?.columns;
  if (!Array.isArray(columns)) return [];
  return columns.filter(isRecord).map((c) => {
    const q = isRecord(c.quantiles) ? c.quantiles : {};
    return {
      name: String(c.name ?? ''),
      type: String(c.type ?? c.kind ?? ''),
      role: c.role === 'target' || c.role === 'id' ? c.role : null,
      count: num(c.count),
      missing: num(c.missing),
      distinct: num(c.distinct),
      distinctApprox: c.distinctApprox === true,
      min: scalar(c.min),
      max: scalar(c.max),
      mean: num(c.mean),
      std: num(c.std),
      quantiles: Object.fromEntries(QUANTILE_KEYS.map((k) => [k, num(q[k])])) as Record<
        QuantileKey,
        number | null
      >
    };
  });
}

/** Columns the accepted schema ignores, which the report left out. */
export function ignoredOf(report: EdaReportDto): string[] {
  const ignored = report.fullReport?.ignoredColumns;
  return Array.isArray(ignored) ? ignored.filter((n): n is string => typeof n === 'string') : [];
}

/** Warnings listed in the full report (the summary only has their count). */
export function warningsOf(report: EdaReportDto): EdaWarningItem[] {
  const source = report.fullReport?.warnings;
  if (!Array.isArray(source)) return [];
  return source
    .filter((w): w is Record<string, unknown> => isRecord(w) && typeof w.message === 'string')
    .map((w) => ({
      code: String(w.code ?? ''),
      severity: w.severity === 'info' ? 'info' : 'warning',
      message: w.message as string,
      explanation: typeof w.explanation === 'string' ? w.explanation : '',
      column: typeof w.column === 'string' ? w.column : undefined,
      columns: Array.isArray(w.columns) ? w.columns.map(String) : undefined
    }));
}

export type SortKey =
  'name' | 'type' | 'count' | 'missing' | 'distinct' | 'mean' | 'std' | 'min' | 'max' | QuantileKey;

function sortValue(c: EdaColumn, key: SortKey): number | string | null {
  if (key === 'name' || key === 'type') return c[key];
  if (key === 'min' || key === 'max') return c[key];
  if (key in c.quantiles) return c.quantiles[key as QuantileKey];
  return c[key as 'count' | 'missing' | 'distinct' | 'mean' | 'std'];
}

/** Columns ordered by one statistic; empty values always last, numbers before text. */
export function sortColumns(columns: readonly EdaColumn[], key: SortKey, dir: 'asc' | 'desc'): EdaColumn[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...columns].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return sign * (x - y);
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return sign * x.localeCompare(y, undefined, { numeric: true });
  });
}

const stat = new Intl.NumberFormat(undefined, { maximumSignificantDigits: 4 });

/** A statistic for the table: numbers rounded, text (dates, labels) as is, missing as a dash. */
export function formatStat(value: number | string | null): string {
  if (value === null) return '—';
  // ISO timestamps (datetime columns): drop a midnight time, keep the rest readable.
  if (typeof value === 'string')
    return value
      .replace(/^(\d{4}-\d\d-\d\d)T00:00:00(\.0+)?Z$/, '$1')
      .replace(/^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.0+)?Z$/, '$1 $2');
  return Math.abs(value) >= 1e4
    ? value.toLocaleString(undefined, { maximumFractionDigits: 0 })
    : stat.format(value);
}
