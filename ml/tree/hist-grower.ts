import type { TrainHooks } from '../progress';
import { Team, workerEntry } from '../threads/pool';
import type { Binned } from './binning';
import { MISSING_BIN } from './binning';
import {
  categoryOrder,
  runStep,
  SPLIT_SIZE,
  type GrowerParams,
  type GrowStep,
  type HistData
} from './hist-kernel';
import { HistStore } from './hist-store';
import { TreeBuilder, type Tree } from './tree';

export type { GrowerParams };

// A growing node's record in `nodes`: its partition slots, depth, sums, histogram slot and best split.
const START = 0;
const END = 1;
const DEPTH = 2;
const SUM_G = 3;
const SUM_H = 4;
const SLOT = 5;
const GAIN = 6;
const FEATURE = 7;
const BIN = 8;
const MISSING_LEFT = 9;
const G_LEFT = 10;
const H_LEFT = 11;
const FIELDS = 12;

const shared = <T>(make: (b: SharedArrayBuffer) => T, bytes: number): T => make(new SharedArrayBuffer(bytes));

/**
 * Grows boosting trees on gradient/hessian histograms: best-first by gain, histogram of the smaller
 * child built from its rows and the larger one's taken by subtraction from the parent's. With
 * threads, each step (a root, or a split's two children) is shared by feature range: this thread
 * takes the first range and worker threads the others, on shared memory. Node records, the row
 * partition, gathered gradients and histogram slots are allocated once per fit and reused.
 */
export class HistGrower {
  private readonly data: HistData;
  private readonly scratch: Int32Array;
  private readonly goesLeft = new Uint8Array(256);
  private readonly store: HistStore;
  /** Per feature, the best split of the step's first and second node. */
  private readonly results: Float64Array;
  private readonly team: Team | null;
  private readonly view = (slot: number) => this.store.view(slot);
  private nodes = new Float64Array(64 * FIELDS);
  private candidates: number[] = [];
  private leaves: number[] = [];
  /** Summed split gain per feature over every tree grown, for feature importance. */
  readonly gainByFeature: Float64Array;

  constructor(
    X: Binned,
    nBins: Uint16Array,
    hasMissing: Uint8Array,
    categorical: Uint8Array,
    private readonly p: GrowerParams,
    threads = 1,
    hooks?: TrainHooks,
    /** More for the worker threads, for steps other than growing (see `share`). */
    extra: object = {}
  ) {
    const n = X.rows;
    const many = threads > 1 && X.cols > 1;
    const size = many ? Math.min(threads, X.cols) : 1;
    const codes = many ? shared((b) => new Uint8Array(b), n * X.cols) : X.codes;
    if (many) codes.set(X.codes);
    this.data = {
      codes,
      n,
      cols: X.cols,
      nBins,
      hasMissing,
      categorical,
      rows: many ? shared((b) => new Int32Array(b), n * 4) : new Int32Array(n),
      orderedG: many ? shared((b) => new Float64Array(b), n * 8) : new Float64Array(n),
      orderedH: many ? shared((b) => new Float64Array(b), n * 8) : new Float64Array(n)
    };
    this.scratch = new Int32Array(n);
    this.store = new HistStore(X.cols);
    this.results = shared((b) => new Float64Array(b), (X.cols + 1) * 2 * SPLIT_SIZE * 8);
    this.gainByFeature = new Float64Array(X.cols);
    this.team =
      size > 1
        ? new Team(
            workerEntry(import.meta.url, 'boosting-worker'),
            { ...extra, data: this.data, params: p, results: this.results },
            size - 1,
            hooks
          )
        : null;
  }

  /** Runs items 0 … items−1 of another kind of step on this grower's threads (or on this one alone). */
  async share(msg: object, items: number, doItem: (item: number) => void): Promise<void> {
    if (this.team) await this.team.run(msg, items, doItem);
    else for (let i = 0; i < items; i++) doItem(i);
  }

  /** Stops the worker threads; the grower is unusable after. */
  async close(): Promise<void> {
    await this.team?.close();
  }

  /**
   * Grows one tree on gradients g and hessians h, with leaf values already shrunk by `shrinkage`,
   * and adds each training row's leaf value into raw[row·stride + offset].
   */
  async grow(
    g: Float64Array,
    h: Float64Array,
    shrinkage: number,
    raw: Float64Array,
    stride: number,
    offset: number
  ): Promise<Tree> {
    const { n, rows, orderedG, orderedH } = this.data;
    const { minSamplesLeaf: msl } = this.p;
    for (let i = 0; i < n; i++) rows[i] = i;
    const builder = new TreeBuilder(1);
    this.candidates.length = 0;
    this.leaves.length = 0;
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      G += g[i]!;
      H += h[i]!;
    }
    const root = this.node(builder.add(), 0, n, 0, G, H);
    const maxLeaves = this.p.maxLeafNodes ?? Infinity;
    const maxDepth = this.p.maxDepth ?? Infinity;
    if (n < 2 * msl || maxDepth === 0) this.finalize(root);
    else {
      orderedG.set(g);
      orderedH.set(h);
      const slot = this.store.acquire();
      this.nodes[root * FIELDS + SLOT] = slot;
      await this.step({ op: 'root', slot, G, H, n });
      this.consider(root, 0);
    }
    const nodes = this.nodes;
    while (this.candidates.length > 0) {
      const node = this.popBest();
      const at = node * FIELDS;
      const start = nodes[at + START]!;
      const end = nodes[at + END]!;
      const feature = nodes[at + FEATURE]!;
      // A category split's BIN is how many categories, in the node's order, go left.
      const byCategory = this.data.categorical[feature] === 1;
      const leftSet = byCategory ? this.leftCategories(node, feature) : null;
      const mid = this.partition(
        start,
        end,
        feature,
        nodes[at + BIN]!,
        nodes[at + MISSING_LEFT] === 1,
        leftSet
      );
      const depth = nodes[at + DEPTH]! + 1;
      const gl = nodes[at + G_LEFT]!;
      const hl = nodes[at + H_LEFT]!;
      const left = this.node(builder.add(), start, mid, depth, gl, hl);
      const right = this.node(
        builder.add(),
        mid,
        end,
        depth,
        nodes[at + SUM_G]! - gl,
        nodes[at + SUM_H]! - hl
      );
      // A feature never missing in training sends missing rows to the bigger child at prediction.
      const missingLeft = this.data.hasMissing[feature]
        ? this.nodes[at + MISSING_LEFT] === 1
        : mid - start > end - mid;
      if (leftSet) builder.splitCategories(node, feature, leftSet, missingLeft, left, right);
      else builder.split(node, feature, this.nodes[at + BIN]!, missingLeft, left, right);
      this.gainByFeature[feature]! += this.nodes[at + GAIN]!;
      if (this.leaves.length + this.candidates.length + 2 >= maxLeaves) {
        this.release(node);
        this.finalize(left);
        this.finalize(right);
        while (this.candidates.length) this.finalize(this.candidates.pop()!);
        break;
      }
      if (depth >= maxDepth) {
        this.release(node);
        this.finalize(left);
        this.finalize(right);
        continue;
      }
      const splitLeft = mid - start >= 2 * msl;
      const splitRight = end - mid >= 2 * msl;
      const leftSmall = mid - start < end - mid;
      if (splitLeft || splitRight) {
        const [small, large] = leftSmall ? [left, right] : [right, left];
        const [searchSmall, searchLarge] = leftSmall ? [splitLeft, splitRight] : [splitRight, splitLeft];
        await this.children(node, small, large, searchSmall, searchLarge, g, h);
      }
      this.release(node);
      if (splitLeft) this.consider(left, leftSmall ? 0 : 1);
      else this.finalize(left);
      if (splitRight) this.consider(right, leftSmall ? 1 : 0);
      else this.finalize(right);
    }
    for (const leaf of this.leaves) {
      const at = leaf * FIELDS;
      const v = -shrinkage * (nodes[at + SUM_G]! / (nodes[at + SUM_H]! + this.p.l2Regularization + 1e-15));
      builder.setValue(leaf, 0, v);
      for (let t = nodes[at + START]!, e = nodes[at + END]!; t < e; t++)
        raw[rows[t]! * stride + offset]! += v;
    }
    return builder.build();
  }

  /** Records a node; the table doubles when full, so records are not allocated one by one. */
  private node(id: number, start: number, end: number, depth: number, G: number, H: number): number {
    if ((id + 1) * FIELDS > this.nodes.length) {
      const bigger = new Float64Array(this.nodes.length * 2);
      bigger.set(this.nodes);
      this.nodes = bigger;
    }
    const at = id * FIELDS;
    this.nodes[at + START] = start;
    this.nodes[at + END] = end;
    this.nodes[at + DEPTH] = depth;
    this.nodes[at + SUM_G] = G;
    this.nodes[at + SUM_H] = H;
    this.nodes[at + SLOT] = -1;
    return id;
  }

  /** Takes the step's split result r (0 or 1, reduced over features) for the node: a candidate if it has one. */
  private consider(node: number, r: number): void {
    const o = (this.data.cols * 2 + r) * SPLIT_SIZE;
    const res = this.results;
    if (!(res[o + 1]! >= 0)) {
      this.finalize(node);
      return;
    }
    const at = node * FIELDS;
    this.nodes[at + GAIN] = res[o]!;
    this.nodes[at + FEATURE] = res[o + 1]!;
    this.nodes[at + BIN] = res[o + 2]!;
    this.nodes[at + MISSING_LEFT] = res[o + 3]!;
    this.nodes[at + G_LEFT] = res[o + 4]!;
    this.nodes[at + H_LEFT] = res[o + 5]!;
    this.candidates.push(node);
  }

  private finalize(node: number): void {
    this.release(node);
    this.leaves.push(node);
  }

  private release(node: number): void {
    const at = node * FIELDS + SLOT;
    if (this.nodes[at]! >= 0) this.store.release(this.nodes[at]!);
    this.nodes[at] = -1;
  }

  private popBest(): number {
    const c = this.candidates;
    let best = 0;
    for (let i = 1; i < c.length; i++)
      if (this.nodes[c[i]! * FIELDS + GAIN]! > this.nodes[c[best]! * FIELDS + GAIN]!) best = i;
    const node = c[best]!;
    c[best] = c[c.length - 1]!;
    c.pop();
    return node;
  }

  private async children(
    parent: number,
    small: number,
    large: number,
    searchSmall: boolean,
    searchLarge: boolean,
    g: Float64Array,
    h: Float64Array
  ): Promise<void> {
    const { rows, orderedG, orderedH } = this.data;
    const nodes = this.nodes;
    const s = small * FIELDS;
    const l = large * FIELDS;
    const start = nodes[s + START]!;
    const end = nodes[s + END]!;
    for (let t = start; t < end; t++) {
      const r = rows[t]!;
      orderedG[t] = g[r]!;
      orderedH[t] = h[r]!;
    }
    nodes[s + SLOT] = this.store.acquire();
    nodes[l + SLOT] = this.store.acquire();
    await this.step({
      op: 'children',
      start,
      end,
      parent: nodes[parent * FIELDS + SLOT]!,
      small: nodes[s + SLOT]!,
      large: nodes[l + SLOT]!,
      sG: searchSmall ? nodes[s + SUM_G]! : NaN,
      sH: nodes[s + SUM_H]!,
      sN: end - start,
      lG: searchLarge ? nodes[l + SUM_G]! : NaN,
      lH: nodes[l + SUM_H]!,
      lN: nodes[l + END]! - nodes[l + START]!
    });
  }

  /**
   * Runs a step feature by feature, spread over the threads, then keeps for each node the first
   * strictly best split in feature order: what one thread scanning every feature would pick.
   */
  private async step(m: GrowStep): Promise<void> {
    const { cols } = this.data;
    const doFeature = (j: number) =>
      runStep(this.data, this.p, this.view, m, j, j + 1, this.results, j * 2 * SPLIT_SIZE);
    if (this.team) await this.team.run({ ...m, chunks: this.store.fresh() }, cols, doFeature);
    else for (let j = 0; j < cols; j++) doFeature(j);
    const res = this.results;
    for (let r = 0; r < 2; r++) {
      const o = (cols * 2 + r) * SPLIT_SIZE;
      res[o] = 0;
      res[o + 1] = -1;
      for (let j = 0; j < cols; j++) {
        const q = (j * 2 + r) * SPLIT_SIZE;
        // "No split" has gain 0 and every split a positive one.
        if (res[q + 1]! >= 0 && res[q]! > res[o]!)
          for (let k = 0; k < SPLIT_SIZE; k++) res[o + k] = res[q + k]!;
      }
    }
  }

  /** The categories a node's chosen split sends left, ordered again from the node's histogram (still held). */
  private leftCategories(node: number, feature: number): Int32Array {
    const at = node * FIELDS;
    const into = new Int32Array(256);
    const hist = this.store.view(this.nodes[at + SLOT]!);
    categoryOrder(hist, feature, this.data.nBins[feature]!, this.p.l2Regularization, into);
    return into.slice(0, this.nodes[at + BIN]!);
  }

  /** Stable partition of slots [start, end) by the split, branch-free; returns where the right child starts. */
  private partition(
    start: number,
    end: number,
    feature: number,
    bin: number,
    missingLeft: boolean,
    leftSet: Int32Array | null
  ): number {
    const { rows, codes, n } = this.data;
    const scratch = this.scratch;
    const lut = this.goesLeft;
    if (leftSet) {
      lut.fill(0);
      for (const b of leftSet) lut[b] = 1;
    } else for (let b = 0; b < 256; b++) lut[b] = b <= bin ? 1 : 0;
    lut[MISSING_BIN] = missingLeft ? 1 : 0;
    const base = feature * n;
    let l = start;
    let r = 0;
    for (let t = start; t < end; t++) {
      const row = rows[t]!;
      const goLeft = lut[codes[base + row]!]!;
      // l ≤ t, so rows[l] was read already.
      rows[l] = row;
      scratch[r] = row;
      l += goLeft;
      r += 1 - goLeft;
    }
    rows.set(scratch.subarray(0, r), l);
    return l;
  }
}
