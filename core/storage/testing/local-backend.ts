import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import { createLocalBlobRouter } from '../local.routes';
import { LocalBlobStore } from '../local.store';
import type { BlobBackend } from './blob-backend';

/** Test support: a temp root served by createLocalBlobRouter on 127.0.0.1. */
export interface LocalBackend extends BlobBackend {
  makeStore(now?: () => number): LocalBlobStore;
  root: string;
  origin: string;
  maxBytes: number;
}

/** Starts an Express app with the blob router; uploads above `maxBytes` are refused. */
export async function startLocalBackend(maxBytes = 1024 * 1024): Promise<LocalBackend> {
  const root = await mkdtemp(path.join(tmpdir(), 'pipeweave-blobs-'));
  const secret = randomBytes(32).toString('hex');
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const makeStore = (now?: () => number) =>
    new LocalBlobStore({ root, secret, publicUrl: origin, ...(now ? { now } : {}) });
  // Mounted after listen because the store's URLs need the port the server was given.
  app.use(createLocalBlobRouter(makeStore(), { maxBytes }));
  return {
    root,
    origin,
    maxBytes,
    makeStore,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await rm(root, { recursive: true, force: true });
    }
  };
}
