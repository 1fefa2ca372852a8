import { workerData, type MessagePort } from 'node:worker_threads';
import { serveTeam, type TeamWords } from '../threads/pool';
import { runStep, SPLIT_SIZE, type GrowerParams, type GrowStep, type HistData } from './hist-kernel';
import { HistViews } from './hist-store';

/** A histogram thread of gradient boosting: takes features of each step the grower posts. */
const w = workerData as {
  data: HistData;
  params: GrowerParams;
  results: Float64Array;
  words: TeamWords;
  port: MessagePort;
};
const views = new HistViews(w.data.cols);
const hist = (slot: number) => views.view(slot);
serveTeam(w.words, w.port, (m: GrowStep & { chunks: SharedArrayBuffer[] }) => {
  views.add(m.chunks);
  return (j) => runStep(w.data, w.params, hist, m, j, j + 1, w.results, j * 2 * SPLIT_SIZE);
});
