import { parentPort, workerData } from 'node:worker_threads';
import { Frame, type Column } from '../../ml/frame';
import { MlError } from '../../ml/errors';
import { modelChecksum, serializeModel } from '../../ml/model-format';
import { train, type TrainSpec } from '../../ml/train';
import type { FitMessage } from './fit';

/**
 * One fit, on its own thread so the job's event loop stays free for heartbeats, progress and
 * cancel. The cancel flag is shared memory the engine reads between iterations; the answer is
 * the serialised model and what the job records of it.
 */
const data = workerData as {
  columns: Column[];
  nRows: number;
  spec: TrainSpec;
  threads: number;
  cancel: Int32Array;
};
const post = (m: FitMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

async function main(): Promise<void> {
  const frame = new Frame(data.columns, data.nRows);
  const signal = {
    get aborted() {
      return Atomics.load(data.cancel, 0) === 1;
    }
  };
  let last = 0;
  const result = await train(frame, data.spec, {
    signal,
    threads: data.threads,
    onProgress: (p) => {
      // A fast fit reports ~100 times; the job needs a few a second at most. Curve points always
      // go (at most ~100 per fit): they are what makes the loss curve grow while watchers look.
      const now = Date.now();
      if (!p.curve && now - last < 100 && p.percent < 100) return;
      last = now;
      post({ type: 'progress', percent: p.percent, step: p.step, ...(p.curve ? { curve: p.curve } : {}) });
    }
  });
  const bytes = serializeModel(result.pipeline);
  const p = result.pipeline;
  post(
    {
      type: 'done',
      bytes,
      checksum: modelChecksum(bytes),
      evaluation: result.evaluation as unknown as Record<string, unknown>,
      curves: p.curves,
      importance: p.importance,
      features: p.features,
      transforms: JSON.parse(
        JSON.stringify(p.transforms, (_k, v: unknown) =>
          ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v
        )
      ) as unknown,
      classes: p.target.classes,
      modelKind: p.model.kind,
      trainRows: result.trainRows,
      testRows: result.testRows
    },
    [bytes.buffer as ArrayBuffer]
  );
}

main().catch((err: unknown) => {
  const e = err instanceof Error ? err : new Error(String(err));
  post({
    type: 'error',
    error: {
      name: e.name,
      message: e.message,
      stack: e.stack ?? null,
      code: err instanceof MlError ? err.code : null,
      param: err instanceof MlError ? (err.param ?? null) : null,
      column: err instanceof MlError ? (err.column ?? null) : null,
      fix: err instanceof MlError ? err.fix : null
    }
  });
});
