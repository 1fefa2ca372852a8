import type { Random } from '../random';
import type { Binned } from './binning';
import { HIST_BINS, MISSING_BIN } from './binning';
import { TreeBuilder, type Tree } from './tree';

export type Criterion = 'gini' | 'entropy' | 'squared_error';

export interface ForestTreeParams {
  criterion: Criterion;
  maxDepth: number | null;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Features drawn per split (without replacement), as a count. */
  maxFeatures: number;
}

/**
 * Grows one deep CART tree on binned features, depth first, drawing features per split as
 * scikit-learn's best splitter does (a constant feature does not count toward max_features' share
 * of useful draws). Histograms per node cover only the drawn features, so there is nothing to
 * subtract; all buffers belong to the grower and are reused across nodes and trees.
 */
export class ForestGrower {
  private readonly rows: Int32Array;
  private readonly scratch: Int32Array;
  private readonly features: Int32Array;
  private readonly histW: Float64Array;
  private readonly histN: Int32Array;
  private readonly total: Float64Array;
  private readonly left: Float64Array;
  private readonly bestLeft: Float64Array;
  private readonly right: Float64Array;
  private readonly candidate: Float64Array;
  private readonly present = new Int32Array(HIST_BINS);
  private readonly sortKey = new Float64Array(HIST_BINS);
  /** The categories the best split so far sends left, when it splits by category. */
  private readonly bestSet = new Int32Array(HIST_BINS);
  private readonly width: number;
  /** Weighted impurity decrease per feature of the last tree grown. */
  readonly importance: Float64Array;

  constructor(
    private readonly X: Binned,
    private readonly y: Float64Array,
    private readonly nClasses: number,
    private readonly edges: Float64Array[],
    private readonly p: ForestTreeParams,
    /** 1 for a categorical feature: its bins are categories, split by subset. */
    private readonly categorical: Uint8Array = new Uint8Array(X.cols)
  ) {
    this.rows = new Int32Array(X.rows);
    this.scratch = new Int32Array(X.rows);
    this.features = Int32Array.from({ length: X.cols }, (_, j) => j);
    // Classification keeps K weighted class counts per bin; regression keeps Σw, Σwy, Σwy².
    this.width = p.criterion === 'squared_error' ? 3 : nClasses;
    this.histW = new Float64Array(HIST_BINS * this.width);
    this.histN = new Int32Array(HIST_BINS);
    this.total = new Float64Array(this.width);
    this.left = new Float64Array(this.width);
    this.bestLeft = new Float64Array(this.width);
    this.right = new Float64Array(this.width);
    this.candidate = new Float64Array(this.width);
    this.importance = new Float64Array(X.cols);
  }

  /** Grows a tree on the rows with positive weight; leaves hold class shares or the mean. */
  grow(weights: Float64Array, rng: Random): Tree {
    this.importance.fill(0);
    // Draws permute the feature list in place; each tree starts from the same order, so a tree
    // depends on its own stream only, not on which trees this grower grew before it.
    for (let j = 0; j < this.features.length; j++) this.features[j] = j;
    let nIn = 0;
    for (let i = 0; i < this.X.rows; i++) if (weights[i]! > 0) this.rows[nIn++] = i;
    const out = this.p.criterion === 'squared_error' ? 1 : this.nClasses;
    const builder = new TreeBuilder(out);
    const stack: { id: number; start: number; end: number; depth: number }[] = [
      { id: builder.add(), start: 0, end: nIn, depth: 0 }
    ];
    let rootWeight = 0;
    for (let t = 0; t < nIn; t++) rootWeight += weights[this.rows[t]!]!;
    const maxDepth = this.p.maxDepth ?? Infinity;
    while (stack.length) {
      const node = stack.pop()!;
      this.totals(node.start, node.end, weights);
      const W = this.totalWeight();
      const impurity = this.impurity(this.total, W);
      const n = node.end - node.start;
      this.setLeafValue(builder, node.id, W);
      if (
        node.depth >= maxDepth ||
        n < this.p.minSamplesSplit ||
        n < 2 * this.p.minSamplesLeaf ||
        impurity <= 2.220446049250313e-16
      )
        continue;
      const split = this.bestSplit(node.start, node.end, weights, W, rng);
      if (!split) continue;
      const leftSet = split.byCategory ? this.bestSet.slice(0, split.bin) : null;
      const mid = this.partition(node.start, node.end, split.feature, split.bin, split.missingLeft, leftSet);
      const WL = this.weightOf(this.bestLeft);
      const impL = this.impurity(this.bestLeft, WL);
      for (let k = 0; k < this.width; k++) this.left[k] = this.total[k]! - this.bestLeft[k]!;
      const WR = W - WL;
      const impR = this.impurity(this.left, WR);
      this.importance[split.feature]! += (W * impurity - WL * impL - WR * impR) / rootWeight;
      const missingLeft = split.hasMissing ? split.missingLeft : WL > WR;
      const l = builder.add();
      const r = builder.add();
      if (leftSet) builder.splitCategories(node.id, split.feature, leftSet, missingLeft, l, r);
      else builder.split(node.id, split.feature, split.bin, missingLeft, l, r);
      stack.push({ id: r, start: mid, end: node.end, depth: node.depth + 1 });
      stack.push({ id: l, start: node.start, end: mid, depth: node.depth + 1 });
    }
    return builder.build();
  }

  private totals(start: number, end: number, weights: Float64Array): void {
    const total = this.total;
    total.fill(0);
    for (let t = start; t < end; t++) {
      const r = this.rows[t]!;
      const w = weights[r]!;
      if (this.p.criterion === 'squared_error') {
        const v = this.y[r]!;
        total[0]! += w;
        total[1]! += w * v;
        total[2]! += w * v * v;
      } else total[this.y[r]!]! += w;
    }
  }

  private weightOf(stats: Float64Array): number {
    if (this.p.criterion === 'squared_error') return stats[0]!;
    let w = 0;
    for (let k = 0; k < this.width; k++) w += stats[k]!;
    return w;
  }

  private totalWeight(): number {
    return this.weightOf(this.total);
  }

  private impurity(stats: Float64Array, W: number): number {
    if (W <= 0) return 0;
    if (this.p.criterion === 'squared_error') return stats[2]! / W - (stats[1]! / W) ** 2;
    let s = 0;
    for (let k = 0; k < this.width; k++) {
      const q = stats[k]! / W;
      if (this.p.criterion === 'gini') s += q * q;
      else if (q > 0) s -= q * Math.log2(q);
    }
    return this.p.criterion === 'gini' ? 1 - s : s;
  }

  /** The quantity whose maximum is the best split (impurity decrease up to terms fixed by the node). */
  private proxy(stats: Float64Array, W: number): number {
    if (W <= 0) return 0;
    if (this.p.criterion === 'squared_error') return (stats[1]! * stats[1]!) / W;
    let s = 0;
    for (let k = 0; k < this.width; k++) {
      const c = stats[k]!;
      if (this.p.criterion === 'gini') s += c * c;
      else if (c > 0) s += c * Math.log(c / W);
    }
    return this.p.criterion === 'gini' ? s / W : s;
  }

  private setLeafValue(builder: TreeBuilder, id: number, W: number): void {
    if (this.p.criterion === 'squared_error') builder.setValue(id, 0, W > 0 ? this.total[1]! / W : 0);
    else for (let k = 0; k < this.width; k++) builder.setValue(id, k, W > 0 ? this.total[k]! / W : 0);
  }

  private bestSplit(start: number, end: number, weights: Float64Array, W: number, rng: Random) {
    const { features, histW, histN, left, total, width } = this;
    const { minSamplesLeaf: msl, maxFeatures } = this.p;
    const n = end - start;
    const nRows = this.X.rows;
    const codes = this.X.codes;
    const regression = this.p.criterion === 'squared_error';
    let best: {
      feature: number;
      bin: number;
      missingLeft: boolean;
      hasMissing: boolean;
      byCategory: boolean;
      score: number;
    } | null = null;
    let remaining = features.length;
    let visited = 0;
    let constants = 0;
    const right = this.right;
    const candidate = this.candidate;
    const present = this.present;
    while (remaining > 0 && (visited < maxFeatures || visited <= constants)) {
      const pick = rng.nextInt(remaining);
      const f = features[pick]!;
      features[pick] = features[remaining - 1]!;
      features[remaining - 1] = f;
      remaining--;
      visited++;
      // The histograms are all zero here: each feature clears the bins it touched when done.
      const base = f * nRows;
      let lo = MISSING_BIN;
      let hi = -1;
      for (let t = start; t < end; t++) {
        const r = this.rows[t]!;
        const b = codes[base + r]!;
        const w = weights[r]!;
        histN[b]!++;
        if (regression) {
          const v = this.y[r]!;
          histW[b * 3]! += w;
          histW[b * 3 + 1]! += w * v;
          histW[b * 3 + 2]! += w * v * v;
        } else histW[b * width + this.y[r]!]! += w;
        if (b !== MISSING_BIN) {
          if (b < lo) lo = b;
          if (b > hi) hi = b;
        }
      }
      const nMissing = histN[MISSING_BIN]!;
      if (hi < 0 || (lo === hi && nMissing === 0)) {
        this.clear(lo, hi);
        constants++;
        continue;
      }
      // Splits sit between consecutive non-empty bins; the threshold goes mid-gap (by bin edges),
      // as CART puts it midway between the two values, so unseen values in the gap split evenly.
      let m = 0;
      for (let b = lo; b <= hi; b++) if (histN[b]! > 0) present[m++] = b;
      const byCategory = this.categorical[f] === 1;
      // Categories in order of their class share or mean: the best subset is then a prefix
      // (exact for two classes and regression, Breiman's shortcut for more).
      if (byCategory) this.orderCategories(m);
      if (nMissing > 0) present[m++] = MISSING_BIN;
      left.fill(0);
      let nl = 0;
      for (let q = 0; q + 1 < m; q++) {
        const b = present[q]!;
        nl += histN[b]!;
        for (let k = 0; k < width; k++) left[k]! += histW[b * width + k]!;
        const onlyMissingRight = present[q + 1] === MISSING_BIN;
        for (let side = 0; side < (nMissing > 0 && !onlyMissingRight ? 2 : 1); side++) {
          const missingLeft = side === 1;
          const nL = nl + (missingLeft ? nMissing : 0);
          if (nL < msl || n - nL < msl) continue;
          for (let k = 0; k < width; k++) {
            const l = left[k]! + (missingLeft ? histW[MISSING_BIN * width + k]! : 0);
            right[k] = total[k]! - l;
            candidate[k] = l;
          }
          const WL = this.weightOf(candidate);
          const score = this.proxy(candidate, WL) + this.proxy(right, W - WL);
          if (!best || score > best.score) {
            let bin: number;
            if (byCategory) {
              bin = q + 1;
              this.bestSet.set(present.subarray(0, q + 1));
            } else bin = onlyMissingRight ? b : this.midGap(f, b, present[q + 1]!);
            best = { feature: f, bin, missingLeft, hasMissing: nMissing > 0, byCategory, score };
            this.bestLeft.set(candidate);
          }
        }
      }
      this.clear(lo, hi);
    }
    return best;
  }

  /** Sorts present[0 … m) by class share (the node's class 1 for two, else its majority) or mean, ties by bin. */
  private orderCategories(m: number): void {
    const { present, sortKey, histW, width } = this;
    const regression = this.p.criterion === 'squared_error';
    let cls = 0;
    if (!regression) {
      if (width === 2) cls = 1;
      else for (let k = 1; k < width; k++) if (this.total[k]! > this.total[cls]!) cls = k;
    }
    for (let q = 0; q < m; q++) {
      const b = present[q]!;
      let w = 0;
      if (regression) w = histW[b * 3]!;
      else for (let k = 0; k < width; k++) w += histW[b * width + k]!;
      const top = regression ? histW[b * 3 + 1]! : histW[b * width + cls]!;
      sortKey[b] = w > 0 ? top / w : 0;
    }
    for (let i = 1; i < m; i++) {
      const b = present[i]!;
      let k = i - 1;
      while (k >= 0 && sortKey[present[k]!]! > sortKey[b]!) {
        present[k + 1] = present[k]!;
        k--;
      }
      present[k + 1] = b;
    }
  }

  private clear(lo: number, hi: number): void {
    const w = this.width;
    if (hi >= lo) {
      this.histN.fill(0, lo, hi + 1);
      this.histW.fill(0, lo * w, (hi + 1) * w);
    }
    this.histN[MISSING_BIN] = 0;
    this.histW.fill(0, MISSING_BIN * w, (MISSING_BIN + 1) * w);
  }

  /** The bin in [b, next) whose upper edge is nearest the middle of the gap between bins b and next. */
  private midGap(feature: number, b: number, next: number): number {
    const e = this.edges[feature]!;
    if (next - b <= 1) return b;
    const target = (e[b]! + e[next - 1]!) / 2;
    let best = b;
    for (let t = b + 1; t < next; t++) if (Math.abs(e[t]! - target) < Math.abs(e[best]! - target)) best = t;
    return best;
  }

  private partition(
    start: number,
    end: number,
    feature: number,
    bin: number,
    missingLeft: boolean,
    leftSet: Int32Array | null
  ): number {
    const { rows, scratch } = this;
    const lut = new Uint8Array(HIST_BINS);
    if (leftSet) for (const b of leftSet) lut[b] = 1;
    else lut.fill(1, 0, bin + 1);
    lut[MISSING_BIN] = missingLeft ? 1 : 0;
    const base = feature * this.X.rows;
    const codes = this.X.codes;
    let l = start;
    let r = 0;
    for (let t = start; t < end; t++) {
      const row = rows[t]!;
      const b = codes[base + row]!;
      if (lut[b] === 1) rows[l++] = row;
      else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  }
}
