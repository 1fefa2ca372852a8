import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRetryable, PermanentJobError } from '../core/job-errors';
import type { BlobStore } from '../core/storage/blob-store';
import { LocalBlobStore } from '../core/storage/local.store';
import { createWorkDir } from './work-dir';

describe('a job work folder', () => {
  let root: string;
  let store: LocalBlobStore;
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-workdir-test-'));
    store = new LocalBlobStore({
      root: path.join(root, 'blobs'),
      secret: 'x'.repeat(32),
      publicUrl: 'http://x'
    });
    await store.write('a/data.csv', 'a,b\n1,2\n');
  });
  afterAll(() => fs.rm(root, { recursive: true, force: true }));

  it("reads a local store's file in place, without downloading", async () => {
    const work = await createWorkDir('pw-test-', root);
    let downloads = 0;
    const copy = await work.localCopy(store, 'a/data.csv', 'raw.csv', () => downloads++);
    expect(copy).toEqual({ path: store.localPath('a/data.csv'), sha256: null });
    expect(downloads).toBe(0);
    await work.remove();
  });

  it('downloads from a store without files into the folder, hashed, and removes it all', async () => {
    // A store that only streams, as S3 does.
    const remote = { read: (key: string) => store.read(key) } as unknown as BlobStore;
    const work = await createWorkDir('pw-test-', root);
    expect(path.basename(work.path)).toMatch(/^pw-test-/);
    let downloads = 0;
    const copy = await work.localCopy(remote, 'a/data.csv', 'raw.csv', () => downloads++);
    expect(copy.path).toBe(path.join(work.path, 'raw.csv'));
    expect(await fs.readFile(copy.path, 'utf8')).toBe('a,b\n1,2\n');
    expect(copy.sha256).toBe(createHash('sha256').update('a,b\n1,2\n').digest('hex'));
    expect(downloads).toBe(1);
    await work.remove();
    await expect(fs.stat(work.path)).rejects.toThrow(/ENOENT/);
  });

  it('fails for good when the blob is gone, from a local store or a remote one', async () => {
    const work = await createWorkDir('pw-test-', root);
    const remote = { read: (key: string) => store.read(key) } as unknown as BlobStore;
    for (const from of [store, remote]) {
      const err = await work.localCopy(from, 'a/gone.csv', 'raw.csv').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentJobError);
      expect(isRetryable(err)).toBe(false);
      expect((err as Error).message).toMatch(/missing from storage; upload the dataset again/);
    }
    await work.remove();
  });
});
