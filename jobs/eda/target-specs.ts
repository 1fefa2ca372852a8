import type { TopLevelSpec } from 'vega-lite';
import { bandHeight, CATEGORY_AXIS, numberAxis, SCHEMA, WIDTH } from './chart-base';
import type { EdaChart } from './charts';
import type { ColumnKind } from './types';

/** A column by name and kind (a {@link ColumnStats} fits); `distinct` tells a 0/1 column apart. */
export interface ColumnRef {
  name: string;
  kind: ColumnKind;
  distinct?: number;
}

type Row = Record<string, unknown>;
type Plain = string | number | boolean | null;

/**
 * Values to group by rather than measure: categories, booleans, and numbers with at most two values
 * (a 0/1 label). A scatter of a 0/1 column is two lines of dots that say nothing.
 */
export function isClassLike(column: ColumnRef): boolean {
  if (column.kind === 'categorical' || column.kind === 'boolean') return true;
  return column.kind === 'numeric' && column.distinct !== undefined && column.distinct <= 2;
}

/** Categories of the grouping column kept by name; the rest are drawn together as one. */
const MAX_GROUPS = 12;
const OTHER = 'Other values';

/**
 * A target against one feature over sample rows, chosen by what each column is:
 * - class target, numeric feature: a box plot of the feature per class;
 * - class target, class feature: bars of each feature value split by class, normalised to 100 %;
 * - numeric target, class feature: a box plot of the target per feature value;
 * - numeric target, numeric feature: a scatter.
 * Only the two columns are kept in the inline data; rows missing either value are dropped.
 */
export function targetVsFeature(target: ColumnRef, feature: ColumnRef, rows: readonly Row[]): EdaChart {
  const pairs = rows
    .map((r) => ({ target: plain(r[target.name]), feature: plain(r[feature.name]) }))
    .filter((v) => v.target !== null && v.feature !== null);
  const tClass = isClassLike(target) || target.kind !== 'numeric';
  const fClass = isClassLike(feature) || feature.kind !== 'numeric';
  const id = `target:${target.name}:${feature.name}`;
  const title = `${target.name} by ${feature.name}`;
  const t = { field: 'target', title: target.name };
  const f = { field: 'feature', title: feature.name };
  const chart = (spec: Record<string, unknown>): EdaChart => ({
    id,
    title,
    spec: { $schema: SCHEMA, width: WIDTH, ...spec } as TopLevelSpec
  });

  if (!tClass && !fClass) {
    return chart({
      height: 240,
      data: { values: pairs },
      mark: { type: 'point', opacity: 0.5, filled: true, size: 18 },
      encoding: {
        x: {
          ...f,
          type: 'quantitative',
          scale: { zero: false },
          axis: numberAxis(pairs.map((p) => p.feature as number))
        },
        y: { ...t, type: 'quantitative', scale: { zero: false } }
      }
    });
  }
  if (tClass && fClass) {
    const values = grouped(pairs, 'feature');
    const groups = new Set(values.map((v) => v.feature)).size;
    return chart({
      height: bandHeight(groups),
      data: { values: values.map((v) => ({ target: String(v.target), feature: String(v.feature) })) },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { ...f, type: 'nominal', sort: groupOrder(values, 'feature'), axis: CATEGORY_AXIS },
        x: {
          aggregate: 'count',
          type: 'quantitative',
          stack: 'normalize',
          title: `Share of rows by ${target.name}`,
          axis: { format: '%', labelOverlap: true }
        },
        color: { ...t, type: 'nominal', legend: { orient: 'bottom' } }
      }
    });
  }
  // One side is grouped, the other measured: a box per group, groups down the y axis.
  const by = tClass ? 'target' : 'feature';
  const measured = tClass ? f : t;
  const values = grouped(pairs, by);
  const groups = new Set(values.map((v) => v[by])).size;
  return chart({
    height: bandHeight(groups, 40),
    data: { values: values.map((v) => ({ ...v, [by]: String(v[by]) })) },
    // Whiskers to min and max: 1.5 × IQR whiskers draw outliers from a layer that is empty on most
    // samples, and Vega warns of an infinite extent for every such chart.
    mark: { type: 'boxplot', extent: 'min-max' },
    encoding: {
      y: { ...(tClass ? t : f), type: 'nominal', sort: groupOrder(values, by), axis: CATEGORY_AXIS },
      x: {
        ...measured,
        type: 'quantitative',
        scale: { zero: false },
        axis: numberAxis(values.map((v) => v[tClass ? 'feature' : 'target'] as number))
      },
      color: { ...(tClass ? t : f), type: 'nominal', legend: null }
    }
  });
}

type Pair = { target: Plain; feature: Plain };

/**
 * The pairs with the grouping side cut to its {@link MAX_GROUPS} most frequent values, the others
 * renamed {@link OTHER}, so a column of many categories still draws as a readable list.
 */
function grouped(pairs: readonly Pair[], by: 'target' | 'feature'): Pair[] {
  const counts = new Map<string, number>();
  for (const p of pairs) counts.set(String(p[by]), (counts.get(String(p[by])) ?? 0) + 1);
  if (counts.size <= MAX_GROUPS) return [...pairs];
  const kept = new Set(
    [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_GROUPS - 1)
      .map(([v]) => v)
  );
  return pairs.map((p) => (kept.has(String(p[by])) ? p : { ...p, [by]: OTHER }));
}

/** Groups in their natural order (numbers numerically), with the lumped rest last. */
function groupOrder(pairs: readonly Pair[], by: 'target' | 'feature'): string[] {
  const seen = [...new Set(pairs.map((p) => String(p[by])))];
  return seen.sort((a, b) =>
    a === OTHER ? 1 : b === OTHER ? -1 : a.localeCompare(b, undefined, { numeric: true })
  );
}

function plain(value: unknown): Plain {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return String(value);
}
