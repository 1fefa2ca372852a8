import { parentPort, workerData } from 'node:worker_threads';
import { TreeMaker, type ForestData } from './forest-trees';

/**
 * A forest thread: takes the next tree number from the shared counter until none is left, and
 * posts each tree as it is done (its arrays moved, not copied).
 */
const w = workerData as { data: ForestData; next: Int32Array; total: number };
const maker = new TreeMaker(w.data);
for (;;) {
  const t = Atomics.add(w.next, 0, 1);
  if (t >= w.total) break;
  const { tree, importance } = maker.make(t);
  const moved = [
    tree.feature,
    tree.threshold,
    tree.missingLeft,
    tree.left,
    tree.right,
    tree.value,
    importance
  ];
  parentPort!.postMessage(
    { t, tree, importance },
    moved.map((a) => a.buffer as ArrayBuffer)
  );
}
