import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import WebSocket, { WebSocketServer } from 'ws';
import type { PipelineConfig } from '../contracts/pipeline';
import type { AccessService } from '../core/access/access.service';
import { DocHub } from './doc-hub';
import { PgDocumentStore, type DocumentStore } from '../data/document-store';
import type { CollabLimits } from './limits';
import type { DocumentMeta, LiveDocuments, MaterializeConfig } from '../core/pipelines/live-documents';
import { RedisFanout } from './redis-fanout';
import { WsPeer } from './ws-peer';

export interface DocServerOptions {
  /** Raw pool for the document tables (the hot path). */
  pool: pg.Pool;
  /** Publishes fan-out; a duplicate of it subscribes. */
  redis: Redis;
  redisPrefix: string;
  access: AccessService;
  log: Logger;
  /** Keeps the pipelines row in step (core/pipelines/materialize.ts). */
  materialize: MaterializeConfig;
  /** How long a document nobody uses stays loaded (30 s). */
  unloadGraceMs?: number;
  /** Appended update rows after which a document is compacted (200). */
  compactAfter?: number;
  /** Keepalive ping period; a socket that misses one pong is closed (30 s). */
  pingIntervalMs?: number;
  materializeWaitMs?: number;
  materializeMaxWaitMs?: number;
  /** Registry for the collab gauges and counter. */
  metrics?: Registry;
  /** Storage other than Postgres (tests). */
  store?: DocumentStore;
  /** Per-peer bounds (collab/limits.ts); unset ones keep their defaults. */
  limits?: Partial<CollabLimits>;
  /** How often every connection's access is checked again (60 s). */
  accessRecheckMs?: number;
}

/** Who may join which document, as decided by the upgrade's access check. */
export interface CollabGrant {
  pipelineId: string;
  userId: string;
  /** Shown as the peer's name in presence, whatever name its client claims. */
  userName: string;
  workspaceId: string;
  readOnly: boolean;
}

/**
 * The collaborative document server's WebSocket side: y-websocket connections on
 * `/collab/<pipelineId>` become peers of the transport-free DocHub (rooms, Postgres persistence,
 * Redis fan-out between processes, access re-checks), plus keepalive pings. See docs/API.md
 * "Collaborative documents" for the guarantees.
 */
export class DocServer implements LiveDocuments {
  /** The documents themselves; everything but the sockets. */
  readonly hub: DocHub;
  private readonly wss: WebSocketServer;
  private readonly peers = new Set<WsPeer>();
  private readonly log: Logger;
  private readonly ping: NodeJS.Timeout;
  private closing: Promise<void> | null = null;

  constructor(options: DocServerOptions) {
    const log = (this.log = options.log.child({ component: 'collab' }));
    this.hub = new DocHub({
      store:
        options.store ??
        new PgDocumentStore(options.pool, (err) => log.error({ err }, 'skipped an unreadable stored update')),
      fanout: (events) => new RedisFanout(options.redis, options.redisPrefix, events, log),
      access: options.access,
      log,
      materialize: options.materialize,
      unloadGraceMs: options.unloadGraceMs,
      compactAfter: options.compactAfter,
      materializeWaitMs: options.materializeWaitMs,
      materializeMaxWaitMs: options.materializeMaxWaitMs,
      metrics: options.metrics,
      limits: options.limits,
      accessRecheckMs: options.accessRecheckMs
    });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.hub.limits.maxFrameBytes });
    this.ping = setInterval(() => {
      for (const peer of this.peers) peer.keepAlive();
    }, options.pingIntervalMs ?? 30_000);
    this.ping.unref();
  }

  get isClosing(): boolean {
    return this.closing !== null;
  }

  isOpen(pipelineId: string): boolean {
    return this.hub.isOpen(pipelineId);
  }

  /** Completes an upgrade that has passed the access check and joins the document. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, grant: CollabGrant): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, grant));
  }

  revokeAccess(userId: string, workspaceId: string): void {
    this.hub.revokeAccess(userId, workspaceId);
  }

  closePeersOfUser(userId: string): Promise<void> {
    return this.hub.closePeersOfUser(userId);
  }

  forget(pipelineId: string): Promise<void> {
    return this.hub.forget(pipelineId);
  }

  initialize(pipelineId: string, config: PipelineConfig, meta: DocumentMeta): Promise<void> {
    return this.hub.initialize(pipelineId, config, meta);
  }

  readConfig(pipelineId: string): Promise<PipelineConfig> {
    return this.hub.readConfig(pipelineId);
  }

  applyConfig(pipelineId: string, config: PipelineConfig): Promise<PipelineConfig> {
    return this.hub.applyConfig(pipelineId, config);
  }

  applyMeta(pipelineId: string, meta: DocumentMeta): Promise<void> {
    return this.hub.applyMeta(pipelineId, meta);
  }

  /** Closes every connection, writes and materialises what is pending, and unloads every document. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.ping);
    await this.hub.close();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket, grant: CollabGrant): void {
    const pipelineId = grant.pipelineId.toLowerCase();
    const { userId, userName, workspaceId, readOnly } = grant;
    const peer = new WsPeer(ws, pipelineId, userId, userName, workspaceId, readOnly, this.hub.limits);
    this.peers.add(peer);
    const connection = this.hub.connect(peer);
    ws.on('message', (data: WebSocket.RawData) => connection.receive(toBytes(data)));
    ws.on('pong', () => {
      peer.alive = true;
    });
    ws.on('error', (err) => this.log.debug({ err }, 'collab socket error'));
    ws.on('close', () => {
      this.peers.delete(peer);
      connection.leave();
    });
    connection.joined.catch((err: unknown) => {
      this.log.error({ err, pipelineId }, 'joining a document failed');
      ws.terminate();
    });
  }
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  // A copy: frames may wait in a write batch while the socket reuses its buffers.
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data instanceof ArrayBuffer ? data.slice(0) : data);
}
