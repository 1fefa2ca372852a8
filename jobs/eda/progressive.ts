import { setTimeout as sleep } from 'node:timers/promises';
import { parquetSource } from '../schema/profile-sql';
import { sqlString } from '../validation/read-csv-sql';
import { analyse } from './analyse';
import { ignoredColumns, withoutColumns, type ColumnHints } from './column-hints';
import { asSampled, chartForColumn, correlationHeatmap, missingnessChart, type EdaChart } from './charts';
import { missingFromFooter } from './footer';
import { planColumns } from './plan';
import { openEdaSession } from './session';
import { parquetRows } from './stats';
import { targetCharts, type TargetRoles } from './target-charts';
import type { EdaStats } from './types';

export interface StreamEdaOptions {
  /** Called with every chart as soon as it exists; a sampled chart is later sent again, exact. */
  onChart: (chart: EdaChart) => void;
  onProgress?: (percent: number, step: string) => void;
  /**
   * Rows of the first, sampled pass (default 100,000, fewer on files of more than 40 columns);
   * files of at most this many rows get the exact pass only.
   */
  sampleRows?: number;
  /** The accepted schema's target and features, for target-vs-feature charts. */
  roles?: TargetRoles | null;
  /** The accepted schema's types and roles: ignored columns are left out, the others read as typed. */
  hints?: ColumnHints | null;
  tempDirectory?: string;
  /** Pause before the exact pass: only so tests can watch the sampled state; never set in production. */
  exactPassDelayMs?: number;
}

/**
 * The first `n` rows. Filtering on the file row number lets DuckDB read only the first row groups;
 * `LIMIT` over a parallel scan decoded about three times as much. A column that is itself called
 * file_row_number would clash, so such a file falls back to `LIMIT`.
 */
function firstRowsSql(parquetPath: string, names: readonly string[], n: number): string {
  if (names.includes('file_row_number')) return `SELECT * FROM ${parquetSource(parquetPath)} LIMIT ${n}`;
  return (
    `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${sqlString(parquetPath)}, ` +
    `hive_partitioning=false, file_row_number=true) WHERE file_row_number < ${n}`
  );
}

export interface StreamEdaResult {
  stats: EdaStats;
  /** Charts beyond those {@link chartsFor} derives from the statistics (target vs feature). */
  extraCharts: EdaChart[];
  /** Columns left out because the accepted schema ignores them. */
  ignored: string[];
}

/**
 * The report as it is shown while it runs. First the missingness chart from the Parquet footer
 * (exact, no data read); then, on files above `sampleRows`, a pass over the first rows that draws
 * every histogram, top-values chart and the correlation heatmap marked `sampled`; then the exact
 * pass, whose charts replace them by id as each is ready, cheapest first.
 */
export async function streamEda(parquetPath: string, options: StreamEdaOptions): Promise<StreamEdaResult> {
  const emit = options.onChart;
  const progress = options.onProgress ?? (() => {});
  const sampleRowsWanted = options.sampleRows ?? 100_000;
  const session = await openEdaSession(options.tempDirectory);
  const connection = session.connection;
  try {
    const hints = options.hints ?? null;
    const file = parquetSource(parquetPath);
    const rows = await parquetRows(connection, parquetPath);
    const allNames = (await planColumns(connection, file)).map((p) => p.name);
    const ignored = ignoredColumns(hints, allNames);
    const source = withoutColumns(file, ignored);
    const names = allNames.filter((n) => !ignored.includes(n));
    // The first rows are held in memory: wide files get fewer of them (100,000 up to 40 columns).
    const sampleRows = Math.min(
      sampleRowsWanted,
      Math.max(10_000, Math.floor(4_000_000 / Math.max(1, names.length)))
    );
    const footer = await missingFromFooter(connection, parquetPath, names);
    if (footer) {
      emit(
        missingnessChart({ rows, columnStats: names.map((name) => ({ name, missing: footer.get(name)! })) })
      );
    }

    const sampled = rows > sampleRows;
    if (sampled) {
      const rowsLabel = sampleRows.toLocaleString('en');
      progress(1, `First look at ${rowsLabel} rows`);
      await connection.run(
        `CREATE TEMP TABLE eda_sample AS ${firstRowsSql(parquetPath, allNames, sampleRows)}`
      );
      await analyse(connection, withoutColumns('eda_sample', ignored), {
        hints,
        quantiles: false,
        duplicates: false,
        // Estimates are plenty for a first look, and exact distinct counts are what costs most here.
        rowsHint: sampleRows,
        exactDistinctUpTo: 0,
        onOverview: (o) => {
          if (!footer) emit(asSampled(missingnessChart(o), sampleRows));
        },
        onCorrelations: (c) => {
          const chart = correlationHeatmap(c);
          if (chart) emit(asSampled(chart, sampleRows));
        },
        onColumn: (column) => {
          const chart = chartForColumn(column);
          if (chart) emit(asSampled(chart, sampleRows));
        },
        onProgress: (p) => progress(1 + p * 0.13, `First look at ${rowsLabel} rows`)
      });
      await connection.run('DROP TABLE eda_sample');
    }
    if (options.exactPassDelayMs) await sleep(options.exactPassDelayMs);

    const stats = await analyse(connection, source, {
      rowsHint: rows,
      hints,
      onOverview: (o) => {
        if (!footer) emit(missingnessChart(o));
      },
      onCorrelations: (c) => {
        const chart = correlationHeatmap(c);
        if (chart) emit(chart);
      },
      onColumn: (column) => {
        const chart = chartForColumn(column);
        if (chart) emit(chart);
      },
      onProgress: (p, step) => progress(sampled ? 15 + p * 0.8 : p * 0.95, step)
    });

    let extraCharts: EdaChart[] = [];
    if (options.roles) {
      progress(96, 'Charting the target');
      extraCharts = await targetCharts(connection, source, stats, options.roles);
      for (const chart of extraCharts) emit(chart);
    }
    return { stats, extraCharts, ignored };
  } finally {
    session.close();
  }
}
