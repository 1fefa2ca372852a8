import { MlCancelled } from '../errors';
import type { TrainHooks } from '../progress';
import { startWorker, stopWorkers, workerEntry } from '../threads/pool';
import type { ForestData } from './forest-trees';
import type { Tree } from './tree';

const onShared = <T extends Uint8Array | Float64Array>(a: T): T => {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
};

/**
 * Grows trees 0 … total−1 on `threads` worker threads, which take tree numbers from a shared
 * counter; `got` sees each tree as it arrives, with how many have. This thread only waits, so a
 * cancel is seen at once and the workers are stopped mid-tree; they are stopped on every way out.
 */
export async function growInParallel(
  data: ForestData,
  total: number,
  threads: number,
  hooks: TrainHooks | undefined,
  got: (t: number, tree: Tree, importance: Float64Array, done: number) => void
): Promise<void> {
  const shared: ForestData = {
    ...data,
    X: { ...data.X, codes: onShared(data.X.codes) },
    y: onShared(data.y)
  };
  const next = new Int32Array(new SharedArrayBuffer(4));
  const entry = workerEntry(import.meta.url, 'forest-worker');
  const workers = Array.from({ length: threads }, () => startWorker(entry, { data: shared, next, total }));
  let done = 0;
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    wake?.();
    wake = null;
  };
  for (const w of workers) {
    w.on('message', (m: { t: number; tree: Tree; importance: Float64Array }) => {
      done++;
      try {
        got(m.t, m.tree, m.importance, done);
      } catch (e) {
        failure ??= e as Error;
      }
      poke();
    });
    w.on('error', (e) => {
      failure ??= e;
      poke();
    });
    w.on('exit', (code) => {
      if (code !== 0 && done < total) failure ??= new Error(`A training thread exited (code ${code}).`);
      poke();
    });
  }
  try {
    while (done < total) {
      if (failure) throw failure;
      if (hooks?.signal?.aborted) throw new MlCancelled();
      // The signal is a plain flag, so it is polled; a tree's arrival wakes the loop sooner.
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(poke, 100);
      });
    }
    if (failure) throw failure;
  } finally {
    for (const w of workers) w.removeAllListeners('message');
    await stopWorkers(workers);
  }
}
