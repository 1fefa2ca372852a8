import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBlobStore } from './create-store';
import { LocalBlobStore } from './local.store';
import { S3BlobStore } from './s3.store';

describe('createBlobStore', () => {
  it('uses S3 when it is configured', async () => {
    const store = createBlobStore(
      {
        s3: { region: 'eu-west-1', bucket: 'pipeweave-storage', forcePathStyle: false },
        dataDir: '/var/lib/pipeweave'
      },
      'secret'
    );
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(store.driver).toBe('s3');
    expect(store.bucket).toBe('pipeweave-storage');
    await store.close();
  });

  it('falls back to files under dataDir/blobs, signing with the secret', async () => {
    const store = createBlobStore({ dataDir: 'data', publicUrl: 'https://pw.example/' }, 'secret');
    expect(store).toBeInstanceOf(LocalBlobStore);
    expect(store.bucket).toBe('local');
    expect((store as LocalBlobStore).root).toBe(path.resolve('data', 'blobs'));
    const put = await store.presignPut('datasets/u/d/raw/a.csv', { contentLength: 3 });
    expect(put.url).toMatch(
      /^https:\/\/pw\.example\/blobs\/datasets\/u\/d\/raw\/a\.csv\?expires=\d+&maxSize=3&sig=[0-9a-f]{64}$/
    );
    const query = Object.fromEntries(new URL(put.url).searchParams);
    expect((store as LocalBlobStore).verify('PUT', 'datasets/u/d/raw/a.csv', query)).toEqual({
      maxSize: 3,
      fileName: undefined
    });
    const other = createBlobStore({ dataDir: 'data' }, 'another secret') as LocalBlobStore;
    expect(() => other.verify('PUT', 'datasets/u/d/raw/a.csv', query)).toThrow('This link is not valid.');
  });
});
