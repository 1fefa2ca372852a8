import { HIST_BINS, MISSING_BIN } from './binning';

/** Doubles per feature in a histogram: (Σg, Σh, count) for each of the 256 bins. */
export const FEATURE_STRIDE = HIST_BINS * 3;
/** Doubles per split result: gain, feature, bin, missingLeft, gLeft, hLeft, nLeft. */
export const SPLIT_SIZE = 8;

/** What the boosting grower may do; scikit-learn's TreeGrower parameters of the same names. */
export interface GrowerParams {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  minHessianToSplit: number;
}

/**
 * What every histogram thread reads. Column-major bins (feature j at codes[j·n …]), the row
 * partition and the gradients gathered in partition order; on shared memory when threads > 1.
 */
export interface HistData {
  codes: Uint8Array;
  n: number;
  cols: number;
  nBins: Uint16Array;
  hasMissing: Uint8Array;
  /** 1 for a categorical feature: its bins are categories, split by subset. */
  categorical: Uint8Array;
  rows: Int32Array;
  orderedG: Float64Array;
  orderedH: Float64Array;
}

/**
 * Histograms of features [f0, f1) over partition slots [start, end). Each feature's bins are summed
 * in row order whichever thread does it, so splitting features across threads changes no bit.
 */
export function buildHist(
  d: HistData,
  start: number,
  end: number,
  hist: Float64Array,
  f0: number,
  f1: number
): void {
  const { codes, n, rows, orderedG, orderedH } = d;
  hist.fill(0, f0 * FEATURE_STRIDE, f1 * FEATURE_STRIDE);
  const whole = start === 0 && end === n;
  for (let j = f0; j < f1; j++) {
    const base = j * n;
    const hoff = j * FEATURE_STRIDE;
    // The root reads the feature's bins in order, without the row indirection.
    if (whole) {
      for (let t = 0; t < n; t++) {
        const idx = hoff + codes[base + t]! * 3;
        hist[idx]! += orderedG[t]!;
        hist[idx + 1]! += orderedH[t]!;
        hist[idx + 2]!++;
      }
      continue;
    }
    let t = start;
    // Unrolled: consecutive rows' updates are independent unless they share a bin.
    for (; t + 3 < end; t += 4) {
      const i0 = hoff + codes[base + rows[t]!]! * 3;
      const i1 = hoff + codes[base + rows[t + 1]!]! * 3;
      const i2 = hoff + codes[base + rows[t + 2]!]! * 3;
      const i3 = hoff + codes[base + rows[t + 3]!]! * 3;
      hist[i0]! += orderedG[t]!;
      hist[i0 + 1]! += orderedH[t]!;
      hist[i0 + 2]!++;
      hist[i1]! += orderedG[t + 1]!;
      hist[i1 + 1]! += orderedH[t + 1]!;
      hist[i1 + 2]!++;
      hist[i2]! += orderedG[t + 2]!;
      hist[i2 + 1]! += orderedH[t + 2]!;
      hist[i2 + 2]!++;
      hist[i3]! += orderedG[t + 3]!;
      hist[i3 + 1]! += orderedH[t + 3]!;
      hist[i3 + 2]!++;
    }
    for (; t < end; t++) {
      const idx = hoff + codes[base + rows[t]!]! * 3;
      hist[idx]! += orderedG[t]!;
      hist[idx + 1]! += orderedH[t]!;
      hist[idx + 2]!++;
    }
  }
}

/** out = parent − small over features [f0, f1): the larger child's histogram without its rows. */
export function subtractHist(
  parent: Float64Array,
  small: Float64Array,
  out: Float64Array,
  f0: number,
  f1: number
): void {
  for (let i = f0 * FEATURE_STRIDE, e = f1 * FEATURE_STRIDE; i < e; i++) out[i] = parent[i]! - small[i]!;
}

/**
 * The best split of a node over features [f0, f1), written to out[o …] (feature −1 when none has
 * positive gain). Features, then bins, in ascending order and only a strictly larger gain wins, so
 * taking the first best over threads in feature order gives the one-thread answer.
 */
export function bestSplit(
  d: HistData,
  hist: Float64Array,
  G: number,
  H: number,
  nNode: number,
  p: GrowerParams,
  f0: number,
  f1: number,
  out: Float64Array,
  o: number
): void {
  const { minSamplesLeaf: msl, l2Regularization: l2, minHessianToSplit: minH } = p;
  const parentScore = (G * G) / (H + l2);
  let bestGain = 0;
  let feature = -1;
  let bin = 0;
  let missingLeft = 0;
  let bgl = 0;
  let bhl = 0;
  let bnl = 0;
  for (let j = f0; j < f1; j++) {
    const hoff = j * FEATURE_STRIDE;
    const nb = d.nBins[j]!;
    if (d.categorical[j] === 1) {
      const r = bestCategorySplit(d, hist, j, G, H, nNode, p, bestGain);
      if (r) {
        bestGain = r.gain;
        feature = j;
        bin = r.count;
        missingLeft = r.missingLeft;
        bgl = r.gl;
        bhl = r.hl;
        bnl = r.nl;
      }
      continue;
    }
    const mIdx = hoff + MISSING_BIN * 3;
    const gm = hist[mIdx]!;
    const hm = hist[mIdx + 1]!;
    const nm = hist[mIdx + 2]!;
    const withMissing = d.hasMissing[j] === 1;
    let gl = 0;
    let hl = 0;
    let nl = 0;
    // Left to right with missing rows going right; with missing values the last bin is tried too
    // (every value left, only missing right).
    const last = withMissing ? nb - 1 : nb - 2;
    for (let b = 0; b <= last; b++) {
      const idx = hoff + b * 3;
      gl += hist[idx]!;
      hl += hist[idx + 1]!;
      nl += hist[idx + 2]!;
      for (let side = 0; side < (withMissing && b <= nb - 2 ? 2 : 1); side++) {
        const sgl = side ? gl + gm : gl;
        const shl = side ? hl + hm : hl;
        const snl = side ? nl + nm : nl;
        const nr = nNode - snl;
        if (snl < msl || nr < msl) continue;
        const hr = H - shl;
        if (shl < minH || hr < minH) continue;
        const gr = G - sgl;
        const gain = (sgl * sgl) / (shl + l2) + (gr * gr) / (hr + l2) - parentScore;
        if (!(gain > bestGain)) continue;
        bestGain = gain;
        feature = j;
        bin = b;
        missingLeft = side;
        bgl = sgl;
        bhl = shl;
        bnl = snl;
      }
    }
  }
  out[o] = bestGain;
  out[o + 1] = feature;
  out[o + 2] = bin;
  out[o + 3] = missingLeft;
  out[o + 4] = bgl;
  out[o + 5] = bhl;
  out[o + 6] = bnl;
}

/** Added to a category's hessian when ordering by g/h, so a rare category does not sort to an end on noise (LightGBM's cat_smooth). */
const CAT_SMOOTH = 10;
const order = new Int32Array(HIST_BINS);
const ratio = new Float64Array(HIST_BINS);

/**
 * A categorical feature's non-empty categories at a node, by Σg / (Σh + l2 + smoothing), ties by
 * bin: the ordering in which the best subset is a prefix (Fisher's result, as in LightGBM and
 * HistGradientBoosting). Returns how many there are; they are in `into[0 …]`.
 */
export function categoryOrder(
  hist: Float64Array,
  feature: number,
  nBins: number,
  l2: number,
  into: Int32Array
): number {
  const hoff = feature * FEATURE_STRIDE;
  let m = 0;
  for (let b = 0; b < nBins; b++) {
    const idx = hoff + b * 3;
    if (hist[idx + 2]! > 0) {
      into[m++] = b;
      ratio[b] = hist[idx]! / (hist[idx + 1]! + l2 + CAT_SMOOTH);
    }
  }
  // Insertion sort: at most 255 items, stable, the same on every thread.
  for (let i = 1; i < m; i++) {
    const b = into[i]!;
    let k = i - 1;
    while (k >= 0 && ratio[into[k]!]! > ratio[b]!) {
      into[k + 1] = into[k]!;
      k--;
    }
    into[k + 1] = b;
  }
  return m;
}

/**
 * The best category subset of feature j beating `floor`: the first `count` categories of
 * `categoryOrder` go left, missing rows (and, at prediction, unseen categories) as `missingLeft`.
 */
function bestCategorySplit(
  d: HistData,
  hist: Float64Array,
  j: number,
  G: number,
  H: number,
  nNode: number,
  p: GrowerParams,
  floor: number
) {
  const { minSamplesLeaf: msl, l2Regularization: l2, minHessianToSplit: minH } = p;
  const hoff = j * FEATURE_STRIDE;
  const m = categoryOrder(hist, j, d.nBins[j]!, l2, order);
  const mIdx = hoff + MISSING_BIN * 3;
  const gm = hist[mIdx]!;
  const hm = hist[mIdx + 1]!;
  const nm = hist[mIdx + 2]!;
  const withMissing = d.hasMissing[j] === 1 && nm > 0;
  const parentScore = (G * G) / (H + l2);
  let best: { gain: number; count: number; missingLeft: number; gl: number; hl: number; nl: number } | null =
    null;
  let bestGain = floor;
  let gl = 0;
  let hl = 0;
  let nl = 0;
  const last = withMissing ? m - 1 : m - 2;
  for (let q = 0; q <= last; q++) {
    const idx = hoff + order[q]! * 3;
    gl += hist[idx]!;
    hl += hist[idx + 1]!;
    nl += hist[idx + 2]!;
    for (let side = 0; side < (withMissing && q <= m - 2 ? 2 : 1); side++) {
      const sgl = side ? gl + gm : gl;
      const shl = side ? hl + hm : hl;
      const snl = side ? nl + nm : nl;
      const nr = nNode - snl;
      if (snl < msl || nr < msl) continue;
      const hr = H - shl;
      if (shl < minH || hr < minH) continue;
      const gr = G - sgl;
      const gain = (sgl * sgl) / (shl + l2) + (gr * gr) / (hr + l2) - parentScore;
      if (!(gain > bestGain)) continue;
      bestGain = gain;
      best = { gain, count: q + 1, missingLeft: side, gl: sgl, hl: shl, nl: snl };
    }
  }
  return best;
}

/** One step of growing, as the grower posts it to every thread (each takes features of it). */
export type GrowStep =
  | { op: 'root'; slot: number; G: number; H: number; n: number }
  | {
      op: 'children';
      /** The smaller child's partition slots, whose histogram is built from its rows. */
      start: number;
      end: number;
      parent: number;
      small: number;
      large: number;
      /** Sums and size of each child, and whether to look for its split (NaN G: do not). */
      sG: number;
      sH: number;
      sN: number;
      lG: number;
      lH: number;
      lN: number;
    };

/** Features [f0, f1) of a step; split results go to out[o …] (root or small) and out[o + 8 …] (large). */
export function runStep(
  d: HistData,
  p: GrowerParams,
  hist: (slot: number) => Float64Array,
  m: GrowStep,
  f0: number,
  f1: number,
  out: Float64Array,
  o: number
): void {
  if (m.op === 'root') {
    const h = hist(m.slot);
    buildHist(d, 0, d.n, h, f0, f1);
    bestSplit(d, h, m.G, m.H, m.n, p, f0, f1, out, o);
    return;
  }
  const small = hist(m.small);
  const large = hist(m.large);
  buildHist(d, m.start, m.end, small, f0, f1);
  subtractHist(hist(m.parent), small, large, f0, f1);
  if (Number.isNaN(m.sG)) noSplit(out, o);
  else bestSplit(d, small, m.sG, m.sH, m.sN, p, f0, f1, out, o);
  if (Number.isNaN(m.lG)) noSplit(out, o + SPLIT_SIZE);
  else bestSplit(d, large, m.lG, m.lH, m.lN, p, f0, f1, out, o + SPLIT_SIZE);
}

function noSplit(out: Float64Array, o: number): void {
  out[o] = 0;
  out[o + 1] = -1;
}
