import crypto from 'node:crypto';
import { vi } from 'vitest';
import WebSocket from 'ws';
import * as authProtocol from 'y-protocols/auth';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { WorkspaceDto } from '../../contracts/api';
import { Dataset, Pipeline } from '../../models';
import type { ApiClient } from './http-client';

/** The stock provider's WebSocket, sending the session cookie as a browser would. */
export function cookieWebSocket(
  cookie: string
): new (url: string | URL, protocols?: string | string[]) => WebSocket {
  return class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  };
}

export interface CollabClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Reasons of every permission-denied message the server sent. */
  denied: string[];
  destroy(): void;
}

// Each stock provider adds a process 'exit' listener; tests open dozens.
process.setMaxListeners(100);

/** A stock y-websocket client on `/collab/<pipelineId>`, resolved once it has synced. */
export async function openDocument(
  baseUrl: string,
  pipelineId: string,
  cookie: string,
  doc = new Y.Doc()
): Promise<CollabClient> {
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/collab', pipelineId, doc, {
    WebSocketPolyfill: cookieWebSocket(cookie) as never,
    disableBc: true
  });
  const denied: string[] = [];
  provider.messageHandlers[2] = (_encoder, decoder) =>
    authProtocol.readAuthMessage(decoder, doc, (_doc, reason) => denied.push(reason));
  await synced(provider);
  return {
    doc,
    provider,
    denied,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    }
  };
}

export function synced(provider: WebsocketProvider, timeoutMs = 15_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    const onSync = (state: boolean) => {
      if (!state) return;
      clearTimeout(timer);
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
}

/** Resolves as soon as `ready()` holds, checked after each change to `doc`. */
export function when(doc: Y.Doc, ready: () => boolean, timeoutMs = 10_000): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      doc.off('update', check);
      reject(new Error('the document never reached the expected state'));
    }, timeoutMs);
    function check() {
      if (!ready()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    }
    doc.on('update', check);
  });
}

/** Polls until `check` stops throwing. */
export const eventually = <T>(check: () => T | Promise<T>, timeout = 10_000) =>
  vi.waitFor(check, { timeout, interval: 25 });

export async function personalWorkspace(client: ApiClient): Promise<WorkspaceDto> {
  return (await client.get<{ workspaces: WorkspaceDto[] }>('/api/workspaces')).body.workspaces[0]!;
}

/** A dataset and a pipeline on it, straight in the database (their APIs are tested elsewhere). */
export async function datasetWithPipeline(userId: string, workspaceId: string, config?: unknown) {
  const dataset = await Dataset.create({
    userId,
    workspaceId,
    name: 'd',
    description: null,
    s3Bucket: 'local',
    s3KeyRaw: `datasets/${userId}/${crypto.randomUUID()}/raw/x.csv`,
    s3KeyProcessed: null,
    fileSizeBytes: 1,
    fileHashSha256: null,
    numRows: null,
    numColumns: null,
    columnNames: null,
    validationErrors: null,
    deletedAt: null
  });
  const pipeline = await Pipeline.create({
    userId,
    workspaceId,
    datasetId: dataset.id,
    name: 'Churn model',
    description: null,
    validatedAt: null,
    deletedAt: null,
    ...(config ? { config: config as Record<string, unknown> } : {})
  });
  return { dataset, pipeline };
}

export async function createPipeline(userId: string, workspaceId: string, config?: unknown) {
  return (await datasetWithPipeline(userId, workspaceId, config)).pipeline;
}
