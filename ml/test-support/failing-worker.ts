import { workerData, type MessagePort } from 'node:worker_threads';
import { serveTeam, type TeamWords } from '../threads/pool';

/** A team worker for tests: in a step with `fail` set, the item it takes throws, as a bug in a kernel would. */
const w = workerData as { words: TeamWords; port: MessagePort };
serveTeam(w.words, w.port, (m: { fail: boolean }) => () => {
  if (m.fail) throw new Error('step refused on purpose');
});
