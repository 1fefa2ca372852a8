import type { CurveAnchor, CurvePoint, JobCommentDto } from './types';

/**
 * The training room's curves as Vega-Lite: one chart for the losses, one for the other metrics,
 * each a line per run and metric with clickable points (a click pins a comment there) and a
 * marker on every point someone already commented on.
 */

export type CurveKind = 'loss' | 'metric';

/** One plotted point; `series` names its line in the legend. */
export interface CurveRow {
  runNumber: number;
  metric: string;
  step: number;
  value: number;
  series: string;
  /** Drawn as a clickable point; a long curve shows every few steps only, its line all of them. */
  pick: boolean;
}

/** Points drawn per line at most: thousands of SVG symbols make every update of the chart slow. */
export const MAX_POINTS_PER_LINE = 120;

export interface PinRow extends CurveRow {
  commentId: string;
  author: string;
  body: string;
}

/** Losses and errors go down as training goes well; they share one chart and one scale. */
const LOSS_LIKE = /loss|rmse|mse|mae|error|deviance/i;

export const kindOf = (metric: string): CurveKind => (LOSS_LIKE.test(metric) ? 'loss' : 'metric');

/** Every metric name in the curves, in first-seen order. */
export function metricNames(curves: Record<number, CurvePoint[]>): string[] {
  const names = new Set<string>();
  for (const points of Object.values(curves))
    for (const p of points) for (const m of Object.keys(p.metrics)) names.add(m);
  return [...names];
}

function seriesName(runNumber: number, metric: string, manyRuns: boolean): string {
  return manyRuns ? `Run ${runNumber} · ${metric}` : metric;
}

const runNumbersOf = (curves: Record<number, CurvePoint[]>) =>
  Object.keys(curves)
    .map(Number)
    .filter((n) => (curves[n]?.length ?? 0) > 0)
    .sort((a, b) => a - b);

/** The rows of one chart, by run then metric then step. */
export function curveRows(curves: Record<number, CurvePoint[]>, kind: CurveKind): CurveRow[] {
  const runs = runNumbersOf(curves);
  const many = runs.length > 1;
  const rows: CurveRow[] = [];
  for (const runNumber of runs) {
    const points = curves[runNumber] ?? [];
    const stride = Math.ceil(points.length / MAX_POINTS_PER_LINE);
    points.forEach((p, i) => {
      const pick = i % stride === 0 || i === points.length - 1;
      for (const [metric, value] of Object.entries(p.metrics)) {
        if (kindOf(metric) !== kind || !Number.isFinite(value)) continue;
        rows.push({
          runNumber,
          metric,
          step: p.step,
          value,
          series: seriesName(runNumber, metric, many),
          pick
        });
      }
    });
  }
  return rows;
}

/** Comments pinned on a point of this chart's curves. */
export function pinRows(
  comments: readonly JobCommentDto[],
  curves: Record<number, CurvePoint[]>,
  kind: CurveKind
): PinRow[] {
  const many = runNumbersOf(curves).length > 1;
  return comments.flatMap((c) => {
    const a = c.anchor;
    if (!a || kindOf(a.metric) !== kind) return [];
    return [
      {
        runNumber: a.runNumber,
        metric: a.metric,
        step: a.step,
        value: a.value,
        series: seriesName(a.runNumber, a.metric, many),
        pick: true,
        commentId: c.id,
        author: c.authorName,
        body: c.body
      }
    ];
  });
}

/** The anchor of a clicked point, or null when the click hit something else (an axis, a pin). */
export function anchorOf(datum: unknown): CurveAnchor | null {
  const d = datum as Partial<CurveRow & PinRow> | null | undefined;
  if (!d || typeof d !== 'object' || 'commentId' in d) return null;
  const { runNumber, metric, step, value } = d;
  if (!Number.isInteger(runNumber) || typeof metric !== 'string' || !Number.isInteger(step)) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return { runNumber: runNumber!, metric, step: step!, value };
}

/** "Run 2 · val_loss at step 40 = 0.3120" */
export function anchorLabel(a: CurveAnchor): string {
  return `Run ${a.runNumber} · ${a.metric} at step ${a.step} = ${formatValue(a.value)}`;
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 0.001 || abs >= 1e6) ? value.toExponential(3) : value.toFixed(4);
}

/**
 * The chart: data sets `points` and `pins` are replaced in place as the curves grow, so the spec
 * itself never changes while the job trains.
 */
export function curveSpec(kind: CurveKind, points: CurveRow[], pins: PinRow[]): Record<string, unknown> {
  const x = { field: 'step', type: 'quantitative', title: 'Step', axis: { tickMinStep: 1 } };
  const y = {
    field: 'value',
    type: 'quantitative',
    title: kind === 'loss' ? 'Loss' : 'Metric',
    scale: { zero: false }
  };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    legend: { orient: 'bottom', columns: 2, labelLimit: 180, symbolType: 'stroke' }
  };
  const tooltip = [
    { field: 'series', title: 'Curve' },
    { field: 'step', title: 'Step' },
    { field: 'value', title: 'Value', format: '.4~g' }
  ];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    height: 220,
    datasets: { points, pins },
    layer: [
      {
        data: { name: 'points' },
        mark: { type: 'line', interpolate: 'monotone', strokeWidth: 2 },
        encoding: { x, y, color }
      },
      {
        data: { name: 'points' },
        transform: [{ filter: 'datum.pick' }],
        mark: { type: 'point', filled: true, size: 28, cursor: 'pointer' },
        encoding: { x, y, color, tooltip }
      },
      {
        data: { name: 'pins' },
        mark: { type: 'point', shape: 'diamond', filled: true, size: 150, stroke: '#fff', strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          color: { value: '#e8590c' },
          tooltip: [
            { field: 'author', title: 'Comment by' },
            { field: 'body', title: 'Comment' },
            { field: 'series', title: 'Curve' },
            { field: 'step', title: 'Step' }
          ]
        }
      }
    ]
  };
}

/**
 * The last point of every run's every metric: what the composer offers to pin a comment to
 * without a pointer (the chart's points are mouse targets only).
 */
export function latestPoints(curves: Record<number, CurvePoint[]>): CurveAnchor[] {
  const out: CurveAnchor[] = [];
  for (const runNumber of runNumbersOf(curves)) {
    const points = curves[runNumber] ?? [];
    const last = new Map<string, CurveAnchor>();
    for (const p of points)
      for (const [metric, value] of Object.entries(p.metrics))
        if (Number.isFinite(value)) last.set(metric, { runNumber, metric, step: p.step, value });
    out.push(...last.values());
  }
  return out;
}
