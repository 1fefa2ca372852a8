import { workerData, type MessagePort } from 'node:worker_threads';
import { serveSteps } from '../threads/pool';

/** A lockstep worker for tests: a step with `fail` set throws, as a bug in a kernel would. */
const w = workerData as { ctrl: Int32Array; port: MessagePort };
serveSteps(w.ctrl, w.port, (m: { fail: boolean }) => {
  if (m.fail) throw new Error('step refused on purpose');
});
