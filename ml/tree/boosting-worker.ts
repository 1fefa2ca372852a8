import { workerData, type MessagePort } from 'node:worker_threads';
import { serveSteps } from '../threads/pool';
import { runStep, SPLIT_SIZE, type GrowerParams, type GrowStep, type HistData } from './hist-kernel';
import { HistViews } from './hist-store';

/** A histogram thread of gradient boosting: its feature range of every step the grower posts. */
const w = workerData as {
  data: HistData;
  params: GrowerParams;
  results: Float64Array;
  range: [number, number];
  index: number;
  ctrl: Int32Array;
  port: MessagePort;
};
const views = new HistViews(w.data.cols);
const hist = (slot: number) => views.view(slot);
const [f0, f1] = w.range;
serveSteps(w.ctrl, w.port, (m: GrowStep & { chunks: SharedArrayBuffer[] }) => {
  views.add(m.chunks);
  runStep(w.data, w.params, hist, m, f0, f1, w.results, w.index * 2 * SPLIT_SIZE);
});
