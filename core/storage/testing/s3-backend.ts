import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3BlobStore } from '../s3.store';
import type { BlobBackend } from './blob-backend';
import { startSigV4Gate, type SigV4Gate } from './sigv4-gate';

/** Test support: a real s3rver on a temp dir, behind a SigV4-checking gate. */
export interface S3Backend extends BlobBackend {
  makeStore(now?: () => number, bucket?: string): S3BlobStore;
  gate: SigV4Gate;
}

export const S3_TEST_BUCKET = 'pipeweave-test';

/** Starts s3rver with the test bucket and the gate in front of it. */
export async function startS3Backend(): Promise<S3Backend> {
  const directory = await mkdtemp(path.join(tmpdir(), 'pipeweave-s3rver-'));
  const s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: S3_TEST_BUCKET }]
  });
  const address = await s3rver.run();
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const gate = await startSigV4Gate({
    target: { host: address.address, port: address.port },
    region: 'us-east-1',
    ...credentials
  });
  const stores: S3BlobStore[] = [];
  return {
    gate,
    makeStore(now, bucket = S3_TEST_BUCKET) {
      const store = new S3BlobStore({
        endpoint: gate.url,
        region: 'us-east-1',
        bucket,
        forcePathStyle: true,
        ...credentials,
        ...(now ? { now } : {})
      });
      stores.push(store);
      return store;
    },
    async close() {
      await Promise.all(stores.map((s) => s.close()));
      await gate.close();
      await s3rver.close();
      await rm(directory, { recursive: true, force: true });
    }
  };
}
