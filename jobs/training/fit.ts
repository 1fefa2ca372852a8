import { Worker } from 'node:worker_threads';
import type { Frame } from '../../ml/frame';
import type { TrainSpec } from '../../ml/train';
import type { CurveSample } from '../../ml/progress';
import type { Curves } from '../../ml/tree/gradient-boosting';

/** What the fit thread reports: progress as it goes, then the model or the error. */
export type FitMessage =
  | { type: 'progress'; percent: number; step: string; curve?: CurveSample }
  | {
      type: 'done';
      bytes: Uint8Array;
      checksum: string;
      evaluation: Record<string, unknown>;
      curves: Curves | null;
      importance: { feature: string; importance: number }[];
      features: string[];
      transforms: unknown;
      classes: string[] | null;
      modelKind: string;
      trainRows: number;
      testRows: number;
    }
  | { type: 'error'; error: FitFailure };

export interface FitFailure {
  name: string;
  message: string;
  stack: string | null;
  code: string | null;
  param: string | null;
  column: string | null;
  fix: string | null;
}

export type FitResult = Extract<FitMessage, { type: 'done' }>;

/** A fit that ended without a model: the engine refused (or was cancelled), or the thread died. */
export class FitError extends Error {
  constructor(readonly failure: FitFailure) {
    super(failure.message);
    this.name = failure.name;
  }
}

/** After a cancel, how long the engine gets to stop on its own before the thread is ended. */
const CANCEL_GRACE_MS = 600;

const entry = () => {
  const ext = new URL(import.meta.url).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./fit-thread${ext}`, import.meta.url).href;
};

/**
 * Trains on a worker thread. `cancel()` of the returned handle sets the shared flag the engine
 * polls; a fit that has not stopped after a short grace is terminated, so a cancel always ends
 * the fit quickly even inside one long step.
 */
export function fitInThread(
  frame: Frame,
  spec: TrainSpec,
  options: {
    threads: number;
    onProgress: (p: { percent: number; step: string; curve?: CurveSample }) => void;
  }
): { result: Promise<FitResult>; cancel(): void } {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./thread-boot.mjs', import.meta.url), {
    execArgv: [],
    workerData: {
      entry: entry(),
      columns: frame.columns,
      nRows: frame.nRows,
      spec,
      threads: options.threads,
      cancel: flag
    }
  });
  let cancelled = false;
  let killTimer: NodeJS.Timeout | undefined;
  const result = new Promise<FitResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: FitMessage) => {
      if (m.type === 'progress') options.onProgress(m);
      else if (m.type === 'done') settle(() => resolve(m));
      else settle(() => reject(new FitError(m.error)));
    });
    worker.on('error', (err) =>
      settle(() =>
        reject(
          new FitError({
            name: err.name,
            message: err.message,
            stack: err.stack ?? null,
            code: null,
            param: null,
            column: null,
            fix: null
          })
        )
      )
    );
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          new FitError({
            name: cancelled ? 'MlCancelled' : 'Error',
            message: cancelled
              ? 'Training was cancelled.'
              : `The training thread stopped (exit code ${code}).`,
            stack: null,
            code: cancelled ? 'cancelled' : null,
            param: null,
            column: null,
            fix: null
          })
        )
      )
    );
  });
  return {
    result,
    cancel: () => {
      if (cancelled) return;
      cancelled = true;
      Atomics.store(flag, 0, 1);
      killTimer = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
    }
  };
}
