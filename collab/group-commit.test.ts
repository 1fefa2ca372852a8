import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

/** A write the test finishes by hand, to see what queues behind it. */
function manualWriter() {
  const batches: number[][] = [];
  const finish: Array<(err?: Error) => void> = [];
  const commit = new GroupCommit<number>(
    (batch) =>
      new Promise<void>((resolve, reject) => {
        batches.push(batch);
        finish.push((err) => (err ? reject(err) : resolve()));
      })
  );
  return { commit, batches, finish };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('group commit', () => {
  it('writes a lone item at once', async () => {
    const { commit, batches, finish } = manualWriter();
    const done = commit.push(1);
    await tick();
    expect(batches).toEqual([[1]]);
    finish[0]!();
    await done;
  });

  it('queues items behind the write in flight and writes them together, in order', async () => {
    const { commit, batches, finish } = manualWriter();
    const settled: number[] = [];
    const first = commit.push(1).then(() => settled.push(1));
    await tick();
    const rest = [2, 3, 4].map((n) => commit.push(n).then(() => settled.push(n)));
    await tick();
    expect(batches).toEqual([[1]]);
    expect(commit.pending).toBe(3);
    finish[0]!();
    await first;
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(settled).toEqual([1]); // not acknowledged before their own write commits
    finish[1]!();
    await Promise.all(rest);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('fails every item of a failed batch and carries on with the next', async () => {
    const { commit, batches, finish } = manualWriter();
    const first = commit.push(1);
    await tick();
    const second = commit.push(2);
    finish[0]!(new Error('db down'));
    await expect(first).rejects.toThrow('db down');
    await tick();
    expect(batches).toEqual([[1], [2]]);
    finish[1]!();
    await expect(second).resolves.toBeUndefined();
  });

  it('flush waits for everything pushed so far', async () => {
    const { commit, finish } = manualWriter();
    void commit.push(1);
    await tick();
    void commit.push(2);
    let flushed = false;
    const flush = commit.flush().then(() => (flushed = true));
    finish[0]!();
    await tick();
    expect(flushed).toBe(false);
    finish[1]!();
    await flush;
    expect(flushed).toBe(true);
  });
});
