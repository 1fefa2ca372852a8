import { FEATURE_STRIDE } from './hist-kernel';

/** Histograms per chunk of shared memory: a tree with 31 leaves needs about 33 at once. */
const PER_CHUNK = 8;

/**
 * Numbered histogram slots on shared memory, handed out and taken back by the grower; slots are
 * made in chunks and kept for the whole fit, so growing nodes and trees allocates nothing. Threads
 * see a slot as the same memory: `fresh()` lists the chunks made since the last call, to send them.
 */
export class HistStore {
  private readonly views: Float64Array[] = [];
  private readonly free: number[] = [];
  private readonly chunks: SharedArrayBuffer[] = [];
  private sent = 0;

  constructor(private readonly cols: number) {}

  acquire(): number {
    if (this.free.length === 0) {
      const size = this.cols * FEATURE_STRIDE;
      const buf = new SharedArrayBuffer(size * PER_CHUNK * 8);
      this.chunks.push(buf);
      // Slot s is chunk ⌊s/8⌋, place s mod 8, on every thread.
      const first = this.views.length;
      for (let k = 0; k < PER_CHUNK; k++) this.views.push(new Float64Array(buf, k * size * 8, size));
      for (let k = PER_CHUNK - 1; k >= 0; k--) this.free.push(first + k);
    }
    return this.free.pop()!;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  view(slot: number): Float64Array {
    return this.views[slot]!;
  }

  /** Chunks not yet given to the other threads. */
  fresh(): SharedArrayBuffer[] {
    const out = this.chunks.slice(this.sent);
    this.sent = this.chunks.length;
    return out;
  }
}

/** A thread's copy of the slot table, fed the chunks the grower sends. */
export class HistViews {
  private readonly views: Float64Array[] = [];

  constructor(private readonly cols: number) {}

  add(chunks: SharedArrayBuffer[]): void {
    const size = this.cols * FEATURE_STRIDE;
    for (const buf of chunks)
      for (let k = 0; k < PER_CHUNK; k++) this.views.push(new Float64Array(buf, k * size * 8, size));
  }

  view(slot: number): Float64Array {
    return this.views[slot]!;
  }
}
