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

// Control words: a step number the workers sleep on, features (items) finished in the step, a
// failure flag. CLAIM (a BigInt64 word) is step · 2³² + the next unclaimed item.
const STEP = 0;
const FINISHED = 1;
const FAILED = 2;
/** Loads of a control word before sleeping on it (some tens of microseconds). */
const SPIN = 2_000;

export interface TeamWords {
  ctrl: Int32Array;
  claim: BigInt64Array;
}

/**
 * Takes the next item of step `step` for this thread, or −1 when none is left or the step is over.
 * Items are claimed one at a time, so a thread the OS put aside holds up at most the item it has;
 * the others take the rest.
 */
function claim(w: TeamWords, step: number, items: number): number {
  const tag = BigInt(step) << 32n;
  for (;;) {
    const cur = Atomics.load(w.claim, 0);
    if ((cur & ~0xffffffffn) !== tag) return -1;
    const item = Number(cur & 0xffffffffn);
    if (item >= items) return -1;
    if (Atomics.compareExchange(w.claim, 0, cur, cur + 1n) === cur) return item;
  }
}

/**
 * Worker threads that share steps with the calling thread: a step is a list of items (features,
 * row blocks) that every thread, the caller included, takes one by one until none is left; the
 * step ends when all are finished. Each item's result goes to its own place, so who did which item
 * does not matter. Steps reach a worker through a MessagePort it reads synchronously
 * (receiveMessageOnPort), so it waits in Atomics.wait, not in an event loop, between steps.
 */
export class Team {
  readonly words: TeamWords = {
    ctrl: new Int32Array(new SharedArrayBuffer(16)),
    claim: new BigInt64Array(new SharedArrayBuffer(8))
  };
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  private steps = 0;
  private failure: Error | null = null;
  private closing = false;

  constructor(
    entry: string,
    data: object,
    readonly size: number,
    private readonly hooks?: TrainHooks
  ) {
    for (let i = 0; i < size; i++) {
      const { port1, port2 } = new MessageChannel();
      const w = startWorker(entry, { ...data, words: this.words }, port2);
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

  /**
   * Runs a step of `items` items: workers get `msg`, this thread does items too with `doItem`, and
   * the promise resolves once every item is finished. It waits without blocking the event loop, so
   * a cancel signal and a worker's error are seen.
   */
  async run(msg: object, items: number, doItem: (item: number) => void): Promise<void> {
    if (this.hooks?.signal?.aborted) throw new MlCancelled();
    const { ctrl, claim: word } = this.words;
    const step = ++this.steps;
    Atomics.store(ctrl, FINISHED, 0);
    Atomics.store(word, 0, BigInt(step) << 32n);
    for (const port of this.ports) port.postMessage({ ...msg, step, items });
    Atomics.store(ctrl, STEP, step);
    Atomics.notify(ctrl, STEP);
    for (let item = claim(this.words, step, items); item >= 0; item = claim(this.words, step, items)) {
      doItem(item);
      Atomics.add(ctrl, FINISHED, 1);
      // A failed worker leaves its item unfinished: stop taking more and report it.
      if (Atomics.load(ctrl, FAILED)) break;
    }
    for (let i = 0; i < SPIN && Atomics.load(ctrl, FINISHED) < items; i++);
    for (;;) {
      const done = Atomics.load(ctrl, FINISHED);
      if (Atomics.load(ctrl, FAILED) || this.failure) await this.failed();
      if (done >= items) return;
      if (this.hooks?.signal?.aborted) throw new MlCancelled();
      const r = Atomics.waitAsync(ctrl, FINISHED, done, 200);
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

/** The worker side of a Team: `prepare` reads each step's message; the newest step's items are then taken and done. */
export function serveTeam<M>(
  words: TeamWords,
  port: MessagePort,
  prepare: (msg: M) => (item: number) => void
): void {
  const { ctrl } = words;
  let seen = 0;
  for (;;) {
    // Steps of a tree come some hundred microseconds apart: spin a little before sleeping, since
    // waking a sleeping thread costs about as much as a small step.
    for (let i = 0; i < SPIN && Atomics.load(ctrl, STEP) === seen; i++);
    Atomics.wait(ctrl, STEP, seen);
    seen = Atomics.load(ctrl, STEP);
    // Only the newest step can still have items (the caller waits for each), but every message
    // is read in order: one may carry setup that later steps rely on.
    try {
      let msg: (M & { step: number; items: number }) | undefined;
      let doItem: ((item: number) => void) | undefined;
      for (let r = receiveMessageOnPort(port); r; r = receiveMessageOnPort(port)) {
        msg = r.message as typeof msg;
        doItem = prepare(msg!);
      }
      if (!msg || !doItem) continue;
      for (
        let item = claim(words, msg.step, msg.items);
        item >= 0;
        item = claim(words, msg.step, msg.items)
      ) {
        doItem(item);
        Atomics.add(ctrl, FINISHED, 1);
        Atomics.notify(ctrl, FINISHED);
      }
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      parentPort!.postMessage({ error: { message: err.message, stack: err.stack } });
      Atomics.store(ctrl, FAILED, 1);
      Atomics.notify(ctrl, FINISHED);
    }
  }
}
