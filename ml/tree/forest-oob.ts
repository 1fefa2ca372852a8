import { r2Score } from '../metrics';
import { Random } from '../random';
import type { Binned } from './binning';
import { treeSeed } from './forest-trees';
import { leafOf, type Tree } from './tree';

/**
 * The out-of-bag score of a bootstrapped forest: each training row is predicted by the trees whose
 * bootstrap left it out (their mean class shares or value), then scored with accuracy or R² as
 * scikit-learn's oob_score_ is. A tree's draws are replayed from its stream (seed and tree number
 * alone), and rows are summed in tree order, so the score is the same for any thread count. Rows no
 * tree left out (about 0.37^trees of them) are not scored.
 */
export function oobScore(trees: Tree[], X: Binned, y: Float64Array, nClasses: number, seed: number): number {
  const n = X.rows;
  const width = nClasses > 0 ? nClasses : 1;
  const sum = new Float64Array(n * width);
  const votes = new Int32Array(n);
  const drawn = new Uint8Array(n);
  trees.forEach((tree, t) => {
    const rng = new Random(treeSeed(seed, t));
    drawn.fill(0);
    for (let i = 0; i < n; i++) drawn[rng.nextInt(n)] = 1;
    for (let i = 0; i < n; i++) {
      if (drawn[i]) continue;
      const leaf = leafOf(tree, X, i);
      for (let k = 0; k < width; k++) sum[i * width + k]! += tree.value[leaf * width + k]!;
      votes[i]!++;
    }
  });
  const scored: number[] = [];
  for (let i = 0; i < n; i++) if (votes[i]! > 0) scored.push(i);
  if (scored.length === 0) return NaN;
  if (nClasses === 0) {
    return r2Score(
      scored.map((i) => y[i]!),
      scored.map((i) => sum[i]! / votes[i]!)
    );
  }
  let correct = 0;
  for (const i of scored) {
    let best = 0;
    for (let k = 1; k < width; k++) if (sum[i * width + k]! > sum[i * width + best]!) best = k;
    if (best === y[i]) correct++;
  }
  return correct / scored.length;
}
