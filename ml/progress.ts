import { MlCancelled } from './errors';

/** What a trainer reports as it goes; the worker turns it into live progress and curves. */
export interface Progress {
  /** 0–100. */
  percent: number;
  /** Human text such as "Training random_forest: tree 40/100". */
  step: string;
  /**
   * The curve point this iteration or epoch added (`step` 1-based, as in the fitted model's curves),
   * so watchers see the loss curve grow during the fit, not only after it.
   */
  curve?: CurveSample;
}

/** One point of the training curves, named as the worker stores them (train_loss, validation_loss …). */
export interface CurveSample {
  step: number;
  metrics: Record<string, number>;
}

/** The values at `step` (1-based) of each named series that has one and is finite. */
export function curveSample(step: number, series: Record<string, readonly number[]>): CurveSample {
  const metrics: Record<string, number> = {};
  for (const [name, values] of Object.entries(series)) {
    const v = values[step - 1];
    if (typeof v === 'number' && Number.isFinite(v)) metrics[name] = v;
  }
  return { step, metrics };
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
  total: number,
  curve?: () => CurveSample
): void {
  if (!hooks?.onProgress) return;
  const every = Math.max(1, Math.floor(total / 100));
  if (done !== total && done % every !== 0) return;
  hooks.onProgress({
    percent: Math.round((100 * done) / total),
    step: `Training ${model}: ${unit} ${done}/${total}`,
    ...(curve ? { curve: curve() } : {})
  });
}
