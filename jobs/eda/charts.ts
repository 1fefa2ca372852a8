import type { TopLevelSpec } from 'vega-lite';
import type { ColumnKind, ColumnStats, Correlations, EdaStats } from './types';

/**
 * The contract's chart shape: a Vega-Lite spec with its data inline. A chart of the first pass has
 * `sampled: true` and is replaced, by id, by the exact one.
 */
export interface EdaChart {
  id: string;
  title: string;
  spec: TopLevelSpec;
  sampled?: boolean;
  /** Rows the sampled chart was drawn from. */
  sampleRows?: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 360;

/** Histogram from precomputed bins; null when the column has none (empty, or not numeric/datetime). */
export function histogramChart(column: ColumnStats): EdaChart | null {
  const h = column.histogram;
  if (!h) return null;
  const temporal = column.kind === 'datetime';
  const values = h.counts.map((count, i) => ({ binStart: h.edges[i]!, binEnd: h.edges[i + 1]!, count }));
  const type = temporal ? 'temporal' : 'quantitative';
  return {
    id: `histogram:${column.name}`,
    title: `Distribution of ${column.name}`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: 200,
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        // Pre-binned on both kinds of axis: without `binned` a temporal x/x2 bar is drawn as a thin
        // floating range at the count's height instead of a bar standing on zero.
        x: { field: 'binStart', type, bin: { binned: true }, title: column.name },
        x2: { field: 'binEnd' },
        y: { field: 'count', type: 'quantitative', title: 'Rows' },
        tooltip: [
          { field: 'binStart', type, title: 'From' },
          { field: 'binEnd', type, title: 'To' },
          { field: 'count', type: 'quantitative', title: 'Rows' }
        ]
      }
    }
  };
}

/** Horizontal bars of the most frequent values; null when the column has no top values. */
export function topValuesChart(column: ColumnStats): EdaChart | null {
  if (!column.top || column.top.length === 0) return null;
  return {
    id: `top:${column.name}`,
    title: `Most frequent values of ${column.name}`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values: column.top.map((t) => ({ value: t.value, count: t.count })) },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'value', type: 'nominal', sort: '-x', title: column.name },
        x: { field: 'count', type: 'quantitative', title: 'Rows' }
      }
    }
  };
}

/** Share of missing values per column, in column order. */
export function missingnessChart(stats: {
  rows: number;
  columnStats: ReadonlyArray<Pick<ColumnStats, 'name' | 'missing'>>;
}): EdaChart {
  const values = stats.columnStats.map((c) => ({
    column: c.name,
    missing: c.missing,
    share: stats.rows === 0 ? 0 : c.missing / stats.rows
  }));
  return {
    id: 'missingness',
    title: 'Missing values per column',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'column', type: 'nominal', sort: null, title: 'Column' },
        x: {
          field: 'share',
          type: 'quantitative',
          scale: { domain: [0, 1] },
          axis: { format: '%' },
          title: 'Missing share'
        },
        tooltip: [
          { field: 'column', type: 'nominal' },
          { field: 'missing', type: 'quantitative', title: 'Missing rows' },
          { field: 'share', type: 'quantitative', format: '.1%', title: 'Share' }
        ]
      }
    }
  };
}

/** Pearson correlation heatmap, diverging color fixed to −1..1; null with fewer than two columns. */
export function correlationHeatmap(correlations: Correlations): EdaChart | null {
  const { columns, matrix } = correlations;
  if (columns.length < 2) return null;
  const values = columns.flatMap((a, i) => columns.map((b, j) => ({ a, b, r: matrix[i]?.[j] ?? null })));
  return {
    id: 'correlation',
    title: 'Correlation (Pearson)',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: WIDTH,
      data: { values },
      mark: 'rect',
      encoding: {
        x: { field: 'a', type: 'nominal', sort: columns, title: null },
        y: { field: 'b', type: 'nominal', sort: columns, title: null },
        color: {
          field: 'r',
          type: 'quantitative',
          scale: { domain: [-1, 1], scheme: 'redblue', reverse: true },
          title: 'r'
        },
        tooltip: [
          { field: 'a', type: 'nominal', title: 'Column' },
          { field: 'b', type: 'nominal', title: 'Column' },
          { field: 'r', type: 'quantitative', format: '.3f', title: 'r' }
        ]
      }
    }
  };
}

/** A column by name and kind (a {@link ColumnStats} fits). */
export interface ColumnRef {
  name: string;
  kind: ColumnKind;
}

type Row = Record<string, unknown>;

function isQuantitative(kind: ColumnKind): boolean {
  return kind === 'numeric';
}

/**
 * A target against one feature over sample rows: box plot of the numeric one per category when
 * exactly one is numeric, grouped bars of counts when neither is, a scatter when both are. Only the
 * two columns are kept in the inline data; rows missing either value are dropped.
 */
export function targetVsFeature(target: ColumnRef, feature: ColumnRef, rows: readonly Row[]): EdaChart {
  const values = rows
    .map((r) => ({ target: plain(r[target.name]), feature: plain(r[feature.name]) }))
    .filter((v) => v.target !== null && v.feature !== null);
  const tNum = isQuantitative(target.kind);
  const fNum = isQuantitative(feature.kind);
  const id = `target:${target.name}:${feature.name}`;
  const title = `${target.name} by ${feature.name}`;
  const t = { field: 'target', title: target.name };
  const f = { field: 'feature', title: feature.name };
  const axisType = (kind: ColumnKind) => (kind === 'datetime' ? 'temporal' : 'nominal');
  if (tNum && fNum) {
    return {
      id,
      title,
      spec: {
        $schema: SCHEMA,
        width: WIDTH,
        data: { values },
        mark: { type: 'point', opacity: 0.5 },
        encoding: { x: { ...f, type: 'quantitative' }, y: { ...t, type: 'quantitative' } }
      }
    };
  }
  if (tNum || fNum) {
    const num = tNum ? t : f;
    const cat = tNum ? f : t;
    const catKind = tNum ? feature.kind : target.kind;
    return {
      id,
      title,
      spec: {
        $schema: SCHEMA,
        width: WIDTH,
        data: { values },
        mark: { type: 'boxplot', extent: 1.5 },
        encoding: { x: { ...cat, type: axisType(catKind) }, y: { ...num, type: 'quantitative' } }
      }
    };
  }
  return {
    id,
    title,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        x: { ...f, type: 'nominal' },
        xOffset: { field: 'target', type: 'nominal' },
        y: { aggregate: 'count', type: 'quantitative', title: 'Rows' },
        color: { ...t, type: 'nominal' }
      }
    }
  };
}

/** Every chart of a report, cheapest summaries first: missingness, correlation, then per column. */
export function chartsFor(stats: EdaStats): EdaChart[] {
  const charts: EdaChart[] = [missingnessChart(stats)];
  const heatmap = correlationHeatmap(stats.correlations);
  if (heatmap) charts.push(heatmap);
  for (const column of stats.columnStats) {
    const chart = chartForColumn(column);
    if (chart) charts.push(chart);
  }
  return charts;
}

/** The same chart marked as drawn from the first `rows` rows only. */
export function asSampled(chart: EdaChart, rows: number): EdaChart {
  return { ...chart, sampled: true, sampleRows: rows };
}

/** The chart streamed as one column's stats arrive: its histogram or its top values. */
export function chartForColumn(column: ColumnStats): EdaChart | null {
  if (column.kind === 'numeric' || column.kind === 'datetime') return histogramChart(column);
  if (column.kind === 'categorical' || column.kind === 'boolean') return topValuesChart(column);
  return null;
}

function plain(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
