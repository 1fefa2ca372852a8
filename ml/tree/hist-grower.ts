import type { Binned } from './binning';
import { HIST_BINS, MISSING_BIN } from './binning';
import { TreeBuilder, type Tree } from './tree';

/** What the boosting grower may do; scikit-learn's TreeGrower parameters of the same names. */
export interface GrowerParams {
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  minHessianToSplit: number;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  gLeft: number;
  hLeft: number;
  nLeft: number;
}

interface GrowNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  g: number;
  h: number;
  hist: Float64Array | null;
  split: Split | null;
}

/**
 * Grows boosting trees on gradient/hessian histograms: best-first by gain, histogram of the smaller
 * child built from its rows and the larger one's taken by subtraction from the parent's. The row
 * partition, gradient gathers and histograms are allocated once per grower and reused by every
 * node and tree, so a fit allocates per tree only its (small) output arrays.
 */
export class HistGrower {
  private readonly rows: Int32Array;
  private readonly scratch: Int32Array;
  private readonly orderedG: Float64Array;
  private readonly orderedH: Float64Array;
  private readonly pool: Float64Array[] = [];
  private readonly histSize: number;
  /** Summed split gain per feature over every tree grown, for feature importance. */
  readonly gainByFeature: Float64Array;

  constructor(
    private readonly X: Binned,
    private readonly nBins: Uint16Array,
    private readonly hasMissing: Uint8Array,
    private readonly p: GrowerParams
  ) {
    this.rows = new Int32Array(X.rows);
    this.scratch = new Int32Array(X.rows);
    this.orderedG = new Float64Array(X.rows);
    this.orderedH = new Float64Array(X.rows);
    this.histSize = X.cols * HIST_BINS * 3;
    this.gainByFeature = new Float64Array(X.cols);
  }

  /**
   * Grows one tree on gradients g and hessians h, with leaf values already shrunk by `shrinkage`,
   * and adds each training row's leaf value into raw[row·stride + offset].
   */
  grow(
    g: Float64Array,
    h: Float64Array,
    shrinkage: number,
    raw: Float64Array,
    stride: number,
    offset: number
  ): Tree {
    const n = this.X.rows;
    for (let i = 0; i < n; i++) this.rows[i] = i;
    const builder = new TreeBuilder(1);
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      G += g[i]!;
      H += h[i]!;
    }
    const root: GrowNode = {
      id: builder.add(),
      start: 0,
      end: n,
      depth: 0,
      g: G,
      h: H,
      hist: null,
      split: null
    };
    const leaves: GrowNode[] = [];
    const candidates: GrowNode[] = [];
    const maxLeaves = this.p.maxLeafNodes ?? Infinity;
    const maxDepth = this.p.maxDepth ?? Infinity;
    const finalize = (node: GrowNode) => {
      this.release(node);
      leaves.push(node);
    };
    if (n < 2 * this.p.minSamplesLeaf || maxDepth === 0) finalize(root);
    else {
      root.hist = this.build(root, g, h);
      this.consider(root, candidates, finalize);
    }
    while (candidates.length > 0) {
      const node = popBest(candidates);
      const s = node.split!;
      const mid = this.partition(node, s);
      const left: GrowNode = {
        id: builder.add(),
        start: node.start,
        end: mid,
        depth: node.depth + 1,
        g: s.gLeft,
        h: s.hLeft,
        hist: null,
        split: null
      };
      const right: GrowNode = {
        id: builder.add(),
        start: mid,
        end: node.end,
        depth: node.depth + 1,
        g: node.g - s.gLeft,
        h: node.h - s.hLeft,
        hist: null,
        split: null
      };
      // A feature never missing in training sends missing rows to the bigger child at prediction.
      const missingLeft = this.hasMissing[s.feature] ? s.missingLeft : mid - node.start > node.end - mid;
      builder.split(node.id, s.feature, s.bin, missingLeft, left.id, right.id);
      this.gainByFeature[s.feature]! += s.gain;
      const nLeaves = leaves.length + candidates.length + 2;
      if (nLeaves >= maxLeaves) {
        this.release(node);
        finalize(left);
        finalize(right);
        while (candidates.length) finalize(candidates.pop()!);
        break;
      }
      if (left.depth >= maxDepth) {
        this.release(node);
        finalize(left);
        finalize(right);
        continue;
      }
      const splitLeft = left.end - left.start >= 2 * this.p.minSamplesLeaf;
      const splitRight = right.end - right.start >= 2 * this.p.minSamplesLeaf;
      if (splitLeft || splitRight) {
        const [small, large] =
          left.end - left.start < right.end - right.start ? [left, right] : [right, left];
        small.hist = this.build(small, g, h);
        large.hist = this.subtract(node.hist!, small.hist);
      }
      this.release(node);
      if (splitLeft) this.consider(left, candidates, finalize);
      else finalize(left);
      if (splitRight) this.consider(right, candidates, finalize);
      else finalize(right);
    }
    for (const leaf of leaves) {
      const v = -shrinkage * (leaf.g / (leaf.h + this.p.l2Regularization + 1e-15));
      builder.setValue(leaf.id, 0, v);
      for (let t = leaf.start; t < leaf.end; t++) raw[this.rows[t]! * stride + offset]! += v;
    }
    return builder.build();
  }

  private consider(node: GrowNode, candidates: GrowNode[], finalize: (n: GrowNode) => void): void {
    node.split = this.bestSplit(node);
    if (node.split && node.split.gain > 0) candidates.push(node);
    else finalize(node);
  }

  private build(node: GrowNode, g: Float64Array, h: Float64Array): Float64Array {
    const hist = this.acquire();
    const { rows, orderedG, orderedH } = this;
    const n = this.X.rows;
    const codes = this.X.codes;
    const { start, end } = node;
    for (let t = start; t < end; t++) {
      const r = rows[t]!;
      orderedG[t] = g[r]!;
      orderedH[t] = h[r]!;
    }
    const whole = start === 0 && end === n;
    for (let j = 0; j < this.X.cols; j++) {
      const base = j * n;
      const hoff = j * HIST_BINS * 3;
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
      // Unrolled by two: the two rows' updates are independent unless they share a bin.
      for (; t + 1 < end; t += 2) {
        const i0 = hoff + codes[base + rows[t]!]! * 3;
        const i1 = hoff + codes[base + rows[t + 1]!]! * 3;
        hist[i0]! += orderedG[t]!;
        hist[i0 + 1]! += orderedH[t]!;
        hist[i0 + 2]!++;
        hist[i1]! += orderedG[t + 1]!;
        hist[i1 + 1]! += orderedH[t + 1]!;
        hist[i1 + 2]!++;
      }
      if (t < end) {
        const idx = hoff + codes[base + rows[t]!]! * 3;
        hist[idx]! += orderedG[t]!;
        hist[idx + 1]! += orderedH[t]!;
        hist[idx + 2]!++;
      }
    }
    return hist;
  }

  private subtract(parent: Float64Array, small: Float64Array): Float64Array {
    const out = this.acquire();
    for (let i = 0; i < out.length; i++) out[i] = parent[i]! - small[i]!;
    return out;
  }

  private bestSplit(node: GrowNode): Split | null {
    const hist = node.hist!;
    const { minSamplesLeaf: msl, l2Regularization: l2, minHessianToSplit: minH } = this.p;
    const nNode = node.end - node.start;
    const G = node.g;
    const H = node.h;
    const parentScore = (G * G) / (H + l2);
    let best: Split | null = null;
    for (let j = 0; j < this.X.cols; j++) {
      const hoff = j * HIST_BINS * 3;
      const nb = this.nBins[j]!;
      const mIdx = hoff + MISSING_BIN * 3;
      const gm = hist[mIdx]!;
      const hm = hist[mIdx + 1]!;
      const nm = hist[mIdx + 2]!;
      const withMissing = this.hasMissing[j] === 1;
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
        best = this.tryAt(best, j, b, false, gl, hl, nl, G, H, nNode, parentScore, msl, minH, l2);
        if (withMissing && b <= nb - 2) {
          best = this.tryAt(
            best,
            j,
            b,
            true,
            gl + gm,
            hl + hm,
            nl + nm,
            G,
            H,
            nNode,
            parentScore,
            msl,
            minH,
            l2
          );
        }
      }
    }
    return best;
  }

  private tryAt(
    best: Split | null,
    feature: number,
    bin: number,
    missingLeft: boolean,
    gl: number,
    hl: number,
    nl: number,
    G: number,
    H: number,
    n: number,
    parentScore: number,
    msl: number,
    minH: number,
    l2: number
  ): Split | null {
    const nr = n - nl;
    if (nl < msl || nr < msl) return best;
    const hr = H - hl;
    if (hl < minH || hr < minH) return best;
    const gr = G - gl;
    const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
    if (best && gain <= best.gain) return best;
    if (!(gain > 0)) return best;
    return { gain, feature, bin, missingLeft, gLeft: gl, hLeft: hl, nLeft: nl };
  }

  /** Stable in-place partition of the node's rows; returns where the right child starts. */
  private partition(node: GrowNode, s: Split): number {
    const { rows, scratch } = this;
    const n = this.X.rows;
    const base = s.feature * n;
    const codes = this.X.codes;
    let l = node.start;
    let r = 0;
    for (let t = node.start; t < node.end; t++) {
      const row = rows[t]!;
      const b = codes[base + row]!;
      const goLeft = b === MISSING_BIN ? s.missingLeft : b <= s.bin;
      if (goLeft) rows[l++] = row;
      else scratch[r++] = row;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  }

  private acquire(): Float64Array {
    const h = this.pool.pop();
    if (h) {
      h.fill(0);
      return h;
    }
    return new Float64Array(this.histSize);
  }

  private release(node: GrowNode): void {
    if (node.hist) this.pool.push(node.hist);
    node.hist = null;
  }
}

function popBest(candidates: GrowNode[]): GrowNode {
  let best = 0;
  for (let i = 1; i < candidates.length; i++)
    if (candidates[i]!.split!.gain > candidates[best]!.split!.gain) best = i;
  const node = candidates[best]!;
  candidates[best] = candidates[candidates.length - 1]!;
  candidates.pop();
  return node;
}
