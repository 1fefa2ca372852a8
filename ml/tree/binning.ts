import { invalidData, invalidParam } from '../errors';
import type { CategoricalColumn, Frame } from '../frame';
import { Random } from '../random';

/** Bin 255 holds missing values whatever a feature's bin count, as in scikit-learn. */
export const MISSING_BIN = 255;
export const HIST_BINS = 256;

/**
 * Per feature, the upper edges of its bins: value x falls in the first bin b with x ≤ edges[b]
 * (the last bin takes the rest). Edges are midpoints between distinct values when a feature has at
 * most maxBins of them, otherwise midpoint percentiles — scikit-learn's _BinMapper rule.
 */
export interface BinMapper {
  names: string[];
  edges: Float64Array[];
  /** Bins holding values (not counting the missing bin). */
  nBins: Uint16Array;
  /** Whether the training rows had missing values in the feature. */
  hasMissing: Uint8Array;
  /**
   * Per feature, null for a numeric one; for a categorical one its training categories, category
   * c in bin c. A category unseen in training bins as missing. Absent in models from before.
   */
  categories?: (string[] | null)[];
}

/** Most categories a categorical feature may have: bins 0 … 254, bin 255 being missing. */
export const MAX_CATEGORIES = 255;

/** 1 for each categorical feature of a mapper. */
export function categoricalFlags(mapper: BinMapper): Uint8Array {
  return Uint8Array.from(mapper.names, (_, j) => (mapper.categories?.[j] ? 1 : 0));
}

/** Column-major binned features: feature j's bins are codes[j·rows … (j+1)·rows). */
export interface Binned {
  rows: number;
  cols: number;
  codes: Uint8Array;
}

const SUBSAMPLE = 200_000;

export function fitBins(frame: Frame, maxBins: number, seed: number): BinMapper {
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw invalidParam('max_bins', `max_bins must be an integer from 2 to 255, got ${maxBins}.`, 'Use 255.');
  }
  someColumns(frame);
  const n = frame.nRows;
  // Edges come from a row sample on large data, as scikit-learn does (its default 2·10⁵).
  const sample = n > SUBSAMPLE ? sampleRows(n, SUBSAMPLE, seed) : null;
  const edges: Float64Array[] = [];
  const nBins = new Uint16Array(frame.columns.length);
  const hasMissing = new Uint8Array(frame.columns.length);
  const categories: (string[] | null)[] = frame.columns.map(() => null);
  // One buffer for every feature's values, sorted in place.
  const buf = new Float64Array(sample ? sample.length : n);
  frame.columns.forEach((c, j) => {
    if (c.kind !== 'numeric') {
      categories[j] = categoriesOf(c);
      edges.push(new Float64Array(0));
      nBins[j] = categories[j].length;
      for (let i = 0; i < n; i++) if (c.missing[i]) hasMissing[j] = 1;
      return;
    }
    const m = sample ? sample.length : n;
    let k = 0;
    for (let t = 0; t < m; t++) {
      const i = sample ? sample[t]! : t;
      if (!c.missing[i]) buf[k++] = c.values[i]!;
    }
    for (let i = 0; i < n; i++) {
      if (c.missing[i]) {
        hasMissing[j] = 1;
        break;
      }
    }
    const e = featureEdges(buf.subarray(0, k).sort(), maxBins);
    edges.push(e);
    nBins[j] = e.length + 1;
  });
  return { names: frame.names, edges, nBins, hasMissing, categories };
}

/** The categories present in the training rows, in code order; more than 255 is refused. */
function categoriesOf(c: CategoricalColumn): string[] {
  const seen = new Uint8Array(c.levels.length);
  for (let i = 0; i < c.codes.length; i++) if (!c.missing[i] && c.codes[i]! >= 0) seen[c.codes[i]!] = 1;
  const out = c.levels.filter((_, k) => seen[k] === 1);
  if (out.length > MAX_CATEGORIES) {
    throw invalidData(
      c.name,
      `Column "${c.name}" has ${out.length} categories; tree models split at most ${MAX_CATEGORIES} natively.`,
      'Add a one_hot step with max_categories for it, or drop the column.'
    );
  }
  return out;
}

function featureEdges(sorted: Float64Array, maxBins: number): Float64Array {
  let distinct = sorted.length > 0 ? 1 : 0;
  for (let i = 1; i < sorted.length && distinct <= maxBins; i++) if (sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxBins) {
    const mid = new Float64Array(Math.max(0, distinct - 1));
    let q = 0;
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i] !== sorted[i - 1]) mid[q++] = (sorted[i - 1]! + sorted[i]!) * 0.5;
    return mid;
  }
  const out = new Float64Array(maxBins - 1);
  const n = sorted.length;
  for (let k = 1; k < maxBins; k++) {
    // numpy.percentile(method='midpoint').
    const pos = (k / maxBins) * (n - 1);
    out[k - 1] = (sorted[Math.floor(pos)]! + sorted[Math.ceil(pos)]!) * 0.5;
  }
  return out;
}

function sampleRows(n: number, k: number, seed: number): Int32Array {
  const rng = new Random(seed);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.slice(0, k);
}

function someColumns(frame: Frame): void {
  if (frame.columns.length === 0) {
    throw invalidData(
      undefined,
      'There are no feature columns to learn from.',
      'Keep at least one column besides the target.'
    );
  }
}

/** Bins a frame with a fitted mapper; columns are matched by name, so their order may differ. */
export function applyBins(mapper: BinMapper, frame: Frame): Binned {
  const n = frame.nRows;
  const d = mapper.names.length;
  const codes = new Uint8Array(n * d);
  mapper.names.forEach((name, j) => {
    const c = frame.column(name);
    const out = codes.subarray(j * n, (j + 1) * n);
    const cats = mapper.categories?.[j] ?? null;
    if ((c.kind === 'categorical') !== (cats !== null)) {
      const was = cats ? 'categorical' : 'numeric';
      throw invalidData(
        name,
        `Column "${name}" is ${c.kind} at prediction but was ${was} in training.`,
        'Send the same column types as in training.'
      );
    }
    if (c.kind === 'categorical') {
      binCategories(c, cats!, out);
      return;
    }
    const e = mapper.edges[j]!;
    for (let i = 0; i < n; i++) {
      if (c.missing[i]) {
        out[i] = MISSING_BIN;
        continue;
      }
      const x = c.values[i]!;
      let lo = 0;
      let hi = e.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (x <= e[mid]!) hi = mid;
        else lo = mid + 1;
      }
      out[i] = lo;
    }
  });
  return { rows: n, cols: d, codes };
}

/** Category bins by name, so the rows' own coding does not matter; unseen categories bin as missing. */
function binCategories(c: CategoricalColumn, cats: string[], out: Uint8Array): void {
  const bin = new Map(cats.map((name, b) => [name, b]));
  const byCode = Int32Array.from(c.levels, (level) => bin.get(level) ?? MISSING_BIN);
  for (let i = 0; i < out.length; i++) {
    const code = c.codes[i]!;
    out[i] = c.missing[i] || code < 0 ? MISSING_BIN : byCode[code]!;
  }
}
