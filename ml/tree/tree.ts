import type { Binned } from './binning';
import { MISSING_BIN } from './binning';

/**
 * One fitted tree as flat arrays (so it serialises as typed arrays). Node 0 is the root; a leaf has
 * feature −1. A row goes left when its bin ≤ threshold, or when it is missing and missingLeft is set.
 * Leaves hold `width` values each (one for regression and boosting, K class shares for forests).
 * A split on a categorical feature sends a row left when its bin is in the node's category set:
 * node i's set is the 8 words catBits[cat[i]·8 …] (bit b of word b>>5); cat[i] is −1 for a
 * threshold split. Both are absent when no node splits by category.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Uint8Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  width: number;
  value: Float64Array;
  cat?: Int32Array;
  catBits?: Int32Array;
}

/** Words in a node's category set: one bit per bin. */
export const CAT_WORDS = 8;

export function inSet(bits: Int32Array, at: number, b: number): boolean {
  return ((bits[at + (b >>> 5)]! >>> (b & 31)) & 1) === 1;
}

/** Collects nodes while a tree grows; turned into typed arrays once, at the end. */
export class TreeBuilder {
  private feature: number[] = [];
  private threshold: number[] = [];
  private missingLeft: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];
  private cat: number[] = [];
  private catBits: number[] = [];

  constructor(readonly width: number) {}

  /** Adds a node (a leaf until split) and returns its id. */
  add(): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.missingLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.cat.push(-1);
    for (let k = 0; k < this.width; k++) this.value.push(0);
    return this.feature.length - 1;
  }

  split(
    node: number,
    feature: number,
    threshold: number,
    missingLeft: boolean,
    left: number,
    right: number
  ): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.missingLeft[node] = missingLeft ? 1 : 0;
    this.left[node] = left;
    this.right[node] = right;
  }

  /** A split by category: rows whose bin is in `left` (bins, not missing) go left. */
  splitCategories(
    node: number,
    feature: number,
    left: ArrayLike<number>,
    missingLeft: boolean,
    l: number,
    r: number
  ): void {
    this.split(node, feature, 0, missingLeft, l, r);
    const at = this.catBits.length;
    this.cat[node] = at / CAT_WORDS;
    for (let k = 0; k < CAT_WORDS; k++) this.catBits.push(0);
    for (let q = 0; q < left.length; q++) {
      const b = left[q]!;
      this.catBits[at + (b >>> 5)]! |= 1 << (b & 31);
    }
  }

  setValue(node: number, k: number, v: number): void {
    this.value[node * this.width + k] = v;
  }

  build(): Tree {
    const byCategory =
      this.catBits.length > 0
        ? { cat: Int32Array.from(this.cat), catBits: Int32Array.from(this.catBits) }
        : {};
    return {
      ...byCategory,
      feature: Int32Array.from(this.feature),
      threshold: Uint8Array.from(this.threshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      width: this.width,
      value: Float64Array.from(this.value)
    };
  }
}

/** The leaf each row of a binned matrix reaches. */
export function leafOf(tree: Tree, X: Binned, row: number): number {
  let node = 0;
  const n = X.rows;
  const { cat, catBits } = tree;
  while (tree.feature[node]! >= 0) {
    const f = tree.feature[node]!;
    const b = X.codes[f * n + row]!;
    const set = cat ? cat[node]! : -1;
    const goLeft =
      b === MISSING_BIN
        ? tree.missingLeft[node] === 1
        : set >= 0
          ? inSet(catBits!, set * CAT_WORDS, b)
          : b <= tree.threshold[node]!;
    node = goLeft ? tree.left[node]! : tree.right[node]!;
  }
  return node;
}

/** Adds scale·(leaf values) of every row into out (rows × width, row-major). */
export function addTreeOutput(
  tree: Tree,
  X: Binned,
  out: Float64Array,
  scale = 1,
  offset = 0,
  stride = tree.width
): void {
  const w = tree.width;
  for (let i = 0; i < X.rows; i++) {
    const leaf = leafOf(tree, X, i);
    for (let k = 0; k < w; k++) out[i * stride + offset + k]! += scale * tree.value[leaf * w + k]!;
  }
}
