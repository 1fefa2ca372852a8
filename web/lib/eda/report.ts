import { ApiError, api } from '$lib/api/client';
import type { EdaReportDto } from '$lib/contracts';

/** One Vega-Lite chart of a report (`fullReport.charts[]`, or streamed as `eda:chart`). */
export interface EdaChart {
  id: string;
  title: string;
  spec: unknown;
}

/** The per-column statistics of `fullReport.columns[]` the UI shows. */
export interface EdaColumn {
  name: string;
  type: string;
  count: number | null;
  missing: number | null;
  distinct: number | null;
  min: number | string | null;
  max: number | string | null;
  mean: number | null;
  std: number | null;
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
  message: string;
  column?: string;
}

const enc = encodeURIComponent;

export const eda = {
  /** The dataset's latest report, or null while none exists (404 `eda_not_found`). */
  latest: (datasetId: string) =>
    api
      .get<{ report: EdaReportDto }>(`/datasets/${enc(datasetId)}/eda`)
      .then((r) => r.report)
      .catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404 && err.code === 'eda_not_found') return null;
        throw err;
      }),
  /** Queues a new report (or returns the running one); 202. */
  run: (datasetId: string) =>
    api.post<{ report: EdaReportDto }>(`/datasets/${enc(datasetId)}/eda`).then((r) => r.report)
};

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

export function chartsOf(report: EdaReportDto): EdaChart[] {
  const charts = report.fullReport?.charts;
  if (!Array.isArray(charts)) return [];
  return charts.filter(
    (c): c is EdaChart =>
      isRecord(c) && typeof c.id === 'string' && typeof c.title === 'string' && 'spec' in c
  );
}

export function columnsOf(report: EdaReportDto): EdaColumn[] {
  const columns = report.fullReport?.columns;
  if (!Array.isArray(columns)) return [];
  return columns.filter(isRecord).map((c) => ({
    name: String(c.name ?? ''),
    type: String(c.type ?? c.kind ?? ''),
    count: num(c.count),
    missing: num(c.missing),
    distinct: num(c.distinct),
    min: scalar(c.min),
    max: scalar(c.max),
    mean: num(c.mean),
    std: num(c.std)
  }));
}

/** Warnings listed in the full report, when it carries them (the summary only has their count). */
export function warningsOf(report: EdaReportDto): EdaWarningItem[] {
  const source = report.fullReport?.warnings ?? (isRecord(report.summary) ? report.summary.warnings : null);
  if (!Array.isArray(source)) return [];
  return source
    .filter((w): w is Record<string, unknown> => isRecord(w) && typeof w.message === 'string')
    .map((w) => ({
      message: w.message as string,
      column: typeof w.column === 'string' ? w.column : undefined
    }));
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
