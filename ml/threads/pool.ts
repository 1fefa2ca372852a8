import {
  MessageChannel,
  parentPort,
  receiveMessageOnPort,
  Worker,
  type MessagePort
} from 'node:worker_threads';
import { invalidParam, MlCancelled } from '../errors';
import type { TrainHooks } from '../progress';

let live = 0;

/** Worker threads started by the engine and not yet exited; tests check nothing is left behind. */
export function liveThreads(): number {
  return live;
}

/** The thread count a fit uses: `threads` from its options, 1 when unset. */
export function threadCount(hooks: TrainHooks | undefined): number {
  const t = hooks?.threads ?? 1;
  if (!(Number.isInteger(t) && t >= 1 && t <= 256)) {
    throw invalidParam(
      'threads',
      `threads must be an integer from 1 to 256, got ${t}.`,
      'Use 1, or os.availableParallelism().'
    );
  }
  return t;
}

/** A worker module beside `from` (a module's import.meta.url), with the caller's extension (.ts under tsx, .js when built). */
export function workerEntry(from: string, name: string): string {
  const ext = new URL(from).pathname.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${name}${ext}`, from).href;
}

/** Starts a worker on `entry` with `data` (SharedArrayBuffers in it are shared, not copied). */
export function startWorker(entry: string, data: object, port?: MessagePort): Worker {
  const w = new Worker(new URL('./boot.mjs', import.meta.url), {
    // Not inherited: the parent's flags (tsx's own loader, vitest's) are not for a worker.
    execArgv: [],
    workerData: { ...data, entry, port },
    transferList: port ? [port] : []
  });
  live++;
  w.once('exit', () => live--);
  return w;
}

export async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((w) => w.terminate()));
}

// Lockstep control words: a step number the workers wait on, and how many have finished a step.
const STEP = 0;
const DONE = 1;
const FAILED = 2;
/** Loads of a control word before sleeping on it (some tens of microseconds). */
const SPIN = 20_000;

/**
 * Workers that run one step at a time with the calling thread: the caller posts each worker its
 * part of a step, does its own part, then waits for theirs. Steps go through a MessagePort read
 * synchronously by the worker (receiveMessageOnPort), so a worker waits in Atomics.wait between
 * steps instead of in an event loop, and a step costs no more than a message and a wake-up.
 */
export class Lockstep {
  readonly ctrl = new Int32Array(new SharedArrayBuffer(16));
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  private steps = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(
    entry: string,
    data: (index: number) => object,
    readonly size: number,
    private readonly hooks?: TrainHooks
  ) {
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const w = startWorker(entry, { ...data(i), ctrl: this.ctrl }, port2);
      w.on('message', (m: { error?: { message: string; stack?: string } }) => {
        if (m.error) this.fail(Object.assign(new Error(m.error.message), { stack: m.error.stack }));
      });
      w.on('error', (e) => this.fail(e));
      w.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`A training thread exited (code ${code}).`));
      });
      this.ports.push(port1);
      this.workers.push(w);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
  }

  /** Posts worker i its part of the next step; call `wait` after doing the caller's part. */
  post(parts: (i: number) => unknown, transfer?: ArrayBuffer[]): void {
    for (let i = 0; i < this.size; i++) this.ports[i]!.postMessage(parts(i), transfer);
    this.steps++;
    Atomics.store(this.ctrl, STEP, this.steps);
    Atomics.notify(this.ctrl, STEP);
  }

  /**
   * Resolves when every worker has finished the step. Balanced parts are usually done by the time
   * the caller is, so the common case returns without waiting; otherwise it waits without
   * blocking the event loop, so a cancel signal and a worker's error are seen.
   */
  async wait(): Promise<void> {
    const target = this.steps * this.size;
    for (let i = 0; i < SPIN && Atomics.load(this.ctrl, DONE) < target; i++);
    for (;;) {
      const done = Atomics.load(this.ctrl, DONE);
      if (Atomics.load(this.ctrl, FAILED) || this.failure) await this.failed();
      if (done >= target) return;
      if (this.hooks?.signal?.aborted) throw new MlCancelled();
      const r = Atomics.waitAsync(this.ctrl, DONE, done, 200);
      if (r.async) await r.value;
    }
  }

  /** A worker that failed posts its error before flagging it; give the message time to arrive. */
  private async failed(): Promise<never> {
    for (let i = 0; i < 50 && !this.failure; i++) await new Promise((r) => setTimeout(r, 10));
    throw this.failure ?? new Error('A training thread failed.');
  }

  async close(): Promise<void> {
    this.closing = true;
    await stopWorkers(this.workers);
    for (const p of this.ports) p.close();
  }
}

/** The worker side of a Lockstep: runs `step` on each part the caller posts, forever. */
export function serveSteps(ctrl: Int32Array, port: MessagePort, step: (part: never) => void): void {
  let seen = 0;
  for (;;) {
    // Steps of one tree come a few hundred microseconds apart: spin a little before sleeping,
    // since waking a sleeping thread costs about as much as a small step.
    for (let i = 0; i < SPIN && Atomics.load(ctrl, STEP) === seen; i++);
    Atomics.wait(ctrl, STEP, seen);
    const now = Atomics.load(ctrl, STEP);
    // Steps are posted one at a time (the caller waits for each), so now is seen + 1.
    while (seen < now) {
      seen++;
      try {
        step(receiveMessageOnPort(port)!.message as never);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        parentPort!.postMessage({ error: { message: err.message, stack: err.stack } });
        Atomics.store(ctrl, FAILED, 1);
      }
      Atomics.add(ctrl, DONE, 1);
      Atomics.notify(ctrl, DONE);
    }
  }
}
