import { workerData, type MessagePort } from 'node:worker_threads';
import { serveTeam, type TeamWords } from '../threads/pool';
import { lossBlock, type LossData } from './boosting-loss';
import { runStep, SPLIT_SIZE, type GrowerParams, type GrowStep, type HistData } from './hist-kernel';
import { HistViews } from './hist-store';

/** A thread of gradient boosting: takes features of each growing step, row blocks of each loss pass. */
const w = workerData as {
  data: HistData;
  params: GrowerParams;
  results: Float64Array;
  loss: LossData;
  words: TeamWords;
  port: MessagePort;
};
const views = new HistViews(w.data.cols);
const hist = (slot: number) => views.view(slot);
type Step = (GrowStep & { chunks: SharedArrayBuffer[] }) | { op: 'loss'; withGradients: boolean };
serveTeam(w.words, w.port, (m: Step) => {
  if (m.op === 'loss') return (b) => lossBlock(w.loss, b, m.withGradients);
  views.add(m.chunks);
  return (j) => runStep(w.data, w.params, hist, m, j, j + 1, w.results, j * 2 * SPLIT_SIZE);
});
