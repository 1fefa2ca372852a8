import { chartsFor, type EdaChart } from './charts';
import type { ColumnKind, ColumnStats, Correlations, EdaStats, EdaWarning } from './types';

/** The stored report body (docs/API.md › EDA `fullReport`, plus `warnings` and the dataset figures). */
export interface FullReport {
  rows: number;
  missingCells: number;
  missingCellsPercent: number;
  duplicateRows: number;
  memoryBytes: number;
  /** Columns carry `type` (= kind) as the contract names it, plus the extra statistics. */
  columns: Array<ColumnStats & { type: ColumnKind }>;
  correlations: Correlations;
  charts: EdaChart[];
  warnings: EdaWarning[];
  /** Columns the accepted schema ignores: left out of every statistic and chart. */
  ignoredColumns: string[];
}

/** The full report: statistics, every chart (plus `extraCharts`, e.g. target ones) and warnings. */
export function fullReport(
  stats: EdaStats,
  extraCharts: readonly EdaChart[] = [],
  ignoredColumns: readonly string[] = []
): FullReport {
  return {
    rows: stats.rows,
    missingCells: stats.missingCells,
    missingCellsPercent: stats.missingCellsPercent,
    duplicateRows: stats.duplicateRows,
    memoryBytes: stats.memoryBytes,
    columns: stats.columnStats.map((c) => ({ ...c, type: c.kind })),
    correlations: stats.correlations,
    charts: [...chartsFor(stats), ...extraCharts],
    warnings: stats.warnings,
    ignoredColumns: [...ignoredColumns]
  };
}

/** Always in Postgres (and GIN-indexed): the figures lists and dashboards need without the body. */
export function summarize(stats: EdaStats): Record<string, unknown> {
  const dtypes: Record<string, number> = {};
  for (const c of stats.columnStats) dtypes[c.kind] = (dtypes[c.kind] ?? 0) + 1;
  return {
    rows: stats.rows,
    columns: stats.columns,
    missingCellsPercent: stats.missingCellsPercent,
    duplicateRows: stats.duplicateRows,
    memoryBytes: stats.memoryBytes,
    dtypes,
    warnings: stats.warnings.length
  };
}
