import type { TopLevelSpec } from 'vega-lite';
import { bandHeight, CATEGORY_AXIS, numberAxis, SCHEMA, WIDTH } from './chart-base';
import type { ColumnStats, Correlations, EdaStats } from './types';

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

/**
 * Histogram from precomputed bins; null when the column has none (empty, or not numeric/datetime).
 * A numeric column of at most two values is drawn as {@link twoValueChart} instead.
 */
export function histogramChart(column: ColumnStats): EdaChart | null {
  const h = column.histogram;
  if (!h) return null;
  if (isTwoValued(column)) return twoValueChart(column);
  const temporal = column.kind === 'datetime';
  const values = h.counts.map((count, i) => ({ binStart: h.edges[i]!, binEnd: h.edges[i + 1]!, count }));
  const type = temporal ? 'temporal' : 'quantitative';
  // Bins centred on whole numbers (a small integer range): ticks on whole numbers only.
  const wholeBins = !temporal && h.edges.every((e) => Number.isInteger(e + 0.5));
  const xAxis = temporal
    ? { labelOverlap: true, labelFlush: true }
    : { ...numberAxis(h.edges), ...(wholeBins ? { tickMinStep: 1 } : {}) };
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
        x: { field: 'binStart', type, bin: { binned: true }, title: column.name, axis: xAxis },
        x2: { field: 'binEnd' },
        y: { field: 'count', type: 'quantitative', title: 'Rows', axis: numberAxis(h.counts, 'y') },
        tooltip: [
          { field: 'binStart', type, title: 'From' },
          { field: 'binEnd', type, title: 'To' },
          { field: 'count', type: 'quantitative', title: 'Rows' }
        ]
      }
    }
  };
}

/** Numbers of at most two values, all in the end bins (so an estimated count cannot mislead). */
function isTwoValued(column: ColumnStats): boolean {
  const counts = column.histogram?.counts ?? [];
  return (
    column.kind === 'numeric' &&
    column.count > 0 &&
    column.distinct <= 2 &&
    counts.every((c, i) => c === 0 || i === 0 || i === counts.length - 1)
  );
}

/**
 * A 0/1 (or any two-valued) numeric column: one bar per value. Its histogram would be two bars at
 * the ends of an axis running from below the smaller value to past the larger.
 */
function twoValueChart(column: ColumnStats): EdaChart {
  const h = column.histogram!;
  const lo = typeof column.min === 'number' ? column.min : h.edges[0]!;
  const hi = typeof column.max === 'number' ? column.max : h.edges.at(-1)!;
  const label = (v: number) => v.toLocaleString('en', { maximumFractionDigits: 6 });
  // Every value sits in the first or the last bin: the smaller value first, the larger last.
  const values =
    lo === hi
      ? [{ value: label(lo), count: column.count }]
      : [
          { value: label(lo), count: h.counts[0]! },
          { value: label(hi), count: h.counts.at(-1)! }
        ];
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
        x: {
          field: 'value',
          type: 'nominal',
          sort: null,
          title: column.name,
          axis: { labelAngle: 0 },
          scale: { paddingInner: 0.4 }
        },
        y: {
          field: 'count',
          type: 'quantitative',
          title: 'Rows',
          axis: numberAxis(
            values.map((v) => v.count),
            'y'
          )
        },
        tooltip: [
          { field: 'value', type: 'nominal', title: column.name },
          { field: 'count', type: 'quantitative', title: 'Rows' }
        ]
      }
    }
  };
}

/** Horizontal bars of the most frequent values; null when the column has no top values. */
export function topValuesChart(column: ColumnStats): EdaChart | null {
  if (!column.top || column.top.length === 0) return null;
  const values = column.top.map((t) => ({ value: t.value, count: t.count }));
  return {
    id: `top:${column.name}`,
    title: `Most frequent values of ${column.name}`,
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: bandHeight(values.length),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'value', type: 'nominal', sort: '-x', title: column.name, axis: CATEGORY_AXIS },
        x: {
          field: 'count',
          type: 'quantitative',
          title: 'Rows',
          axis: numberAxis(values.map((v) => v.count))
        }
      }
    }
  };
}

/**
 * Share of missing values per column, in column order. With nothing missing anywhere the chart is
 * one line saying so: bars of zero length would leave an empty frame.
 */
export function missingnessChart(stats: {
  rows: number;
  columnStats: ReadonlyArray<Pick<ColumnStats, 'name' | 'missing'>>;
}): EdaChart {
  const values = stats.columnStats.map((c) => ({
    column: c.name,
    missing: c.missing,
    share: stats.rows === 0 ? 0 : c.missing / stats.rows
  }));
  if (values.every((v) => v.missing === 0)) {
    const n = values.length;
    return {
      id: 'missingness',
      title: 'Missing values per column',
      spec: {
        $schema: SCHEMA,
        width: WIDTH,
        height: 36,
        data: {
          values: [{ text: `No missing values in ${n === 1 ? 'the column' : `any of the ${n} columns`}` }]
        },
        mark: { type: 'text', fontSize: 14, align: 'left', x: 0, y: 18 },
        encoding: { text: { field: 'text', type: 'nominal' } }
      }
    };
  }
  return {
    id: 'missingness',
    title: 'Missing values per column',
    spec: {
      $schema: SCHEMA,
      width: WIDTH,
      height: bandHeight(values.length, values.length > 20 ? 14 : 22),
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'column', type: 'nominal', sort: null, title: 'Column', axis: CATEGORY_AXIS },
        x: {
          field: 'share',
          type: 'quantitative',
          scale: { domain: [0, 1] },
          axis: { format: '%', labelOverlap: true, labelFlush: true },
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
      // 48 px a row up to the width: a matrix of two columns need not fill a 360 px square.
      height: Math.min(WIDTH, Math.max(120, columns.length * 48)),
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

/**
 * The chart streamed as one column's stats arrive: its histogram or its top values. Identifiers get
 * none: the spread of row keys says nothing about the data.
 */
export function chartForColumn(column: ColumnStats): EdaChart | null {
  if (column.role === 'id') return null;
  if (column.kind === 'numeric' || column.kind === 'datetime') return histogramChart(column);
  if (column.kind === 'categorical' || column.kind === 'boolean') return topValuesChart(column);
  return null;
}
