import { Random } from '../random';
import type { Binned } from './binning';
import { ForestGrower, type ForestTreeParams } from './forest-grower';
import type { Tree } from './tree';

/** Everything that fixes a forest's trees; on shared memory when trees grow on several threads. */
export interface ForestData {
  X: Binned;
  y: Float64Array;
  nClasses: number;
  edges: Float64Array[];
  /** 1 for a categorical feature. */
  categorical: Uint8Array;
  tree: ForestTreeParams;
  classWeight: Float64Array;
  bootstrap: boolean;
  seed: number;
}

/** The seed of tree t's stream: its bootstrap draws come first, then its feature draws. */
export function treeSeed(seed: number, t: number): number {
  return (seed + Math.imul(t + 1, 0x9e3779b9)) >>> 0;
}

/**
 * Grows tree t of a forest. Each tree draws from its own stream, seeded by the forest's seed and
 * t alone, so a tree is the same whichever thread grows it and whatever the others drew.
 */
export class TreeMaker {
  private readonly grower: ForestGrower;
  private readonly weights: Float64Array;

  constructor(private readonly d: ForestData) {
    this.grower = new ForestGrower(d.X, d.y, d.nClasses, d.edges, d.tree, d.categorical);
    this.weights = new Float64Array(d.X.rows);
  }

  /** Tree t and its impurity decrease per feature, summing to 1 (all zero for a stump). */
  make(t: number): { tree: Tree; importance: Float64Array } {
    const { X, y, bootstrap, classWeight } = this.d;
    const n = X.rows;
    const weights = this.weights;
    const rng = new Random(treeSeed(this.d.seed, t));
    weights.fill(bootstrap ? 0 : 1);
    if (bootstrap) for (let i = 0; i < n; i++) weights[rng.nextInt(n)]!++;
    if (this.d.nClasses > 0) for (let i = 0; i < n; i++) weights[i]! *= classWeight[y[i]!]!;
    const tree = this.grower.grow(weights, rng);
    const importance = Float64Array.from(this.grower.importance);
    let sum = 0;
    for (let j = 0; j < X.cols; j++) sum += importance[j]!;
    if (sum > 0) for (let j = 0; j < X.cols; j++) importance[j]! /= sum;
    else importance.fill(0);
    return { tree, importance };
  }
}
