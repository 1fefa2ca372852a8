import { MlCancelled } from './errors';

/** What a trainer reports as it goes; the worker turns it into live progress and curves. */
export interface Progress {
  /** 0–100. */
  percent: number;
  /** Human text such as "Training random_forest: tree 40/100". */
  step: string;
}

/** How the caller follows and stops a training. Both optional: a plain fit needs neither. */
export interface TrainHooks {
  onProgress?: (p: Progress) => void;
  /** Checked between iterations, trees and epochs; an aborted signal ends the fit with MlCancelled. */
  signal?: { readonly aborted: boolean };
  /**
   * Threads to train on (this one and threads − 1 workers), 1 when unset. The model does not depend
   * on it: any count gives the same bytes. The training worker passes os.availableParallelism().
   */
  threads?: number;
}

/** Lets the event loop run (a cancel signal, worker threads' messages) between iterations of a fit. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function checkCancelled(hooks: TrainHooks | undefined): void {
  if (hooks?.signal?.aborted) throw new MlCancelled();
}

/** Reports step `done` of `total`, at most ~100 times per fit so a fast loop is not slowed by the callback. */
export function report(
  hooks: TrainHooks | undefined,
  model: string,
  unit: string,
  done: number,
  total: number
): void {
  if (!hooks?.onProgress) return;
  const every = Math.max(1, Math.floor(total / 100));
  if (done !== total && done % every !== 0) return;
  hooks.onProgress({
    percent: Math.round((100 * done) / total),
    step: `Training ${model}: ${unit} ${done}/${total}`
  });
}
