import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import WebSocket, { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import type { PipelineConfig } from '../contracts/pipeline';
import type { AccessService } from '../server/access/access.service';
import { roleAtLeast } from '../server/access/roles';
import { isRefusal, NotFound } from '../server/domain/errors';
import { collabMetrics } from './collab-metrics';
import * as layout from './doc-layout';
import { applyStored, PgDocumentStore, type DocumentStore } from './document-store';
import { DEFAULT_LIMITS, type CollabLimits } from './limits';
import type { DocumentMeta, LiveDocuments, MaterializeConfig } from './live-documents';
import { materializeToPipelineRow } from './materialize';
import { closeCodeOf } from './close-code';
import { CLOSE, permissionDeniedMessage, READ_ONLY_REASON } from './protocol';
import { RedisFanout } from './redis-fanout';
import { Room } from './room';
import { RoomRegistry } from './room-registry';
import { WsPeer } from './ws-peer';

export interface DocServerOptions {
  /** Raw pool for the document tables (the hot path) and the default materialiser. */
  pool: pg.Pool;
  /** Publishes fan-out; a duplicate of it subscribes. */
  redis: Redis;
  redisPrefix: string;
  access: AccessService;
  log: Logger;
  /** Keeps the pipelines row in step; defaults to updating `pipelines.config`. */
  materialize?: MaterializeConfig;
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
 * The collaborative document server: y-websocket connections on `/collab/<pipelineId>`, one room
 * per open document, Postgres persistence, Redis fan-out between processes, and the LiveDocuments
 * REST uses. See docs/API.md "Collaborative documents" for the guarantees.
 */
export class DocServer implements LiveDocuments {
  private readonly wss: WebSocketServer;
  private readonly limits: CollabLimits;
  private readonly peers = new Set<WsPeer>();
  private readonly registry: RoomRegistry;
  private readonly fanout: RedisFanout;
  private readonly store: DocumentStore;
  private readonly log: Logger;
  private readonly ping: NodeJS.Timeout;
  private readonly recheck: NodeJS.Timeout;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: DocServerOptions) {
    const log = (this.log = options.log.child({ component: 'collab' }));
    const limits = (this.limits = { ...DEFAULT_LIMITS, ...options.limits });
    this.wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes });
    this.store =
      options.store ??
      new PgDocumentStore(options.pool, (err) => log.error({ err }, 'skipped an unreadable stored update'));
    const materialize = options.materialize ?? materializeToPipelineRow(options.pool);
    const metrics = options.metrics
      ? collabMetrics(options.metrics, () => ({
          documents: this.registry.size,
          connections: this.peers.size
        }))
      : undefined;
    this.fanout = new RedisFanout(
      options.redis,
      options.redisPrefix,
      {
        message: (pipelineId, kind, payload) => this.registry.find(pipelineId)?.receiveRemote(kind, payload),
        accessRevoked: (userId, workspaceId) => this.recheckAccessLogged(userId, workspaceId),
        userClosed: (userId) => this.closeLocalPeersOf(userId),
        deleted: (pipelineId) => this.disconnectAll(key(pipelineId)),
        resubscribed: () => {
          // Revocations announced while the subscriber was away were missed.
          this.recheckAccessLogged();
          for (const room of this.registry.rooms())
            room.reload().catch((err: unknown) => log.warn({ err }, 'reloading a document failed'));
        }
      },
      log
    );
    this.registry = new RoomRegistry({
      create: (pipelineId) =>
        new Room({
          pipelineId,
          store: this.store,
          publish: (kind, payload) => this.fanout.publish(pipelineId, kind, payload),
          materialize,
          log,
          compactAfter: options.compactAfter ?? 200,
          materializeWaitMs: options.materializeWaitMs ?? 250,
          materializeMaxWaitMs: options.materializeMaxWaitMs ?? 1_000,
          onPersisted: metrics?.persisted,
          limits
        }),
      open: async (room) => {
        // Subscribed first: whatever another process stores after the load's read still arrives.
        await this.fanout.subscribe(room.pipelineId);
        await room.load();
      },
      close: async (room) => {
        await room.close();
        await this.fanout.unsubscribe(room.pipelineId);
      },
      unloadGraceMs: options.unloadGraceMs ?? 30_000,
      log
    });
    this.ping = setInterval(() => {
      for (const peer of this.peers) peer.keepAlive();
    }, options.pingIntervalMs ?? 30_000);
    this.ping.unref();
    // Announcements can be missed (Redis down, a process that changed a role and died): every
    // connection is checked again on a timer as well.
    this.recheck = setInterval(() => this.recheckAccessLogged(), options.accessRecheckMs ?? 60_000);
    this.recheck.unref();
  }

  get isClosing(): boolean {
    return this.closing !== null;
  }

  /** Whether the document is loading, loaded or still unloading on this process. */
  isOpen(pipelineId: string): boolean {
    return this.registry.has(key(pipelineId));
  }

  /** Completes an upgrade that has passed the access check and joins the document. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, grant: CollabGrant): void {
    this.wss.handleUpgrade(req, socket, head, (ws) =>
      this.accept(ws, grant).catch((err: unknown) => {
        this.log.error({ err, pipelineId: grant.pipelineId }, 'joining a document failed');
        ws.terminate();
      })
    );
  }

  /** Someone lost access to a workspace: every process re-checks that user's connections there. */
  revokeAccess(userId: string, workspaceId: string): void {
    this.fanout.publishAccessRevoked(userId, workspaceId).catch((err: unknown) => {
      this.log.warn({ err }, 'announcing revoked access failed; re-checking this process only');
      this.recheckAccessLogged(userId, workspaceId);
    });
  }

  /**
   * Closes every collaboration connection of `userId`, on every process (sign-out, deactivation):
   * code 4401, so the stock client does not retry with a session that is gone.
   */
  async closePeersOfUser(userId: string): Promise<void> {
    this.closeLocalPeersOf(userId);
    await this.fanout.publishUserClosed(userId).catch((err: unknown) => {
      this.log.warn({ err }, 'announcing a closed user failed; closed on this process only');
    });
  }

  /** A deleted pipeline: everyone editing it, on any process, is disconnected (4404). */
  async forget(pipelineId: string): Promise<void> {
    try {
      await this.fanout.publishDeleted(key(pipelineId));
    } catch (err) {
      this.log.warn({ err }, 'announcing a deleted pipeline failed; disconnecting this process only');
      this.disconnectAll(key(pipelineId));
    }
  }

  async initialize(pipelineId: string, config: PipelineConfig, meta: DocumentMeta): Promise<void> {
    await this.store.initialize(key(pipelineId), layout.encodeInitialState(config, meta));
  }

  async readConfig(pipelineId: string): Promise<PipelineConfig> {
    const room = this.registry.loaded(key(pipelineId));
    if (room) return layout.readConfig(room.doc);
    const doc = new Y.Doc();
    try {
      applyStored(doc, (await this.store.load(key(pipelineId))).updates, () => {});
      return layout.readConfig(doc);
    } finally {
      doc.destroy();
    }
  }

  applyConfig(pipelineId: string, config: PipelineConfig): Promise<PipelineConfig> {
    return this.withRoom(key(pipelineId), async (room) => {
      await room.change((doc) => layout.applyConfig(doc, config));
      await room.materializeNow();
      return layout.readConfig(room.doc);
    });
  }

  applyMeta(pipelineId: string, meta: DocumentMeta): Promise<void> {
    return this.withRoom(key(pipelineId), async (room) => {
      await room.change((doc) => layout.applyMeta(doc, meta));
      await room.materializeNow();
    });
  }

  /** Closes every connection, writes and materialises what is pending, and unloads every document. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.ping);
    clearInterval(this.recheck);
    for (const peer of this.peers) peer.close(CLOSE.goingAway, 'The server is restarting.');
    await this.registry.close();
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await this.fanout.close();
  }

  private async withRoom<T>(pipelineId: string, use: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.registry.acquire(pipelineId);
    try {
      return await use(room);
    } finally {
      this.registry.release(room);
    }
  }

  private async accept(ws: WebSocket, grant: CollabGrant): Promise<void> {
    const pipelineId = key(grant.pipelineId);
    const { userId, userName, workspaceId, readOnly } = grant;
    const peer = new WsPeer(ws, pipelineId, userId, userName, workspaceId, readOnly, this.limits);
    this.peers.add(peer);
    let room: Room | null = null;
    let gone = false;
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    ws.on('message', (data: WebSocket.RawData) => {
      const frame = toBytes(data);
      if (room) return room.receive(peer, frame);
      earlyBytes += frame.byteLength;
      if (early.length >= this.limits.maxEarlyFrames || earlyBytes > this.limits.maxEarlyBytes) {
        early.length = 0;
        return peer.close(CLOSE.tryAgainLater, 'Too many messages before the document loaded.');
      }
      early.push(frame);
    });
    ws.on('pong', () => {
      peer.alive = true;
    });
    ws.on('error', (err) => this.log.debug({ err }, 'collab socket error'));
    ws.on('close', () => {
      gone = true;
      this.peers.delete(peer);
      if (room) {
        room.leave(peer);
        this.registry.release(room);
      }
    });
    if (this.closing) return peer.close(CLOSE.goingAway, 'The server is restarting.');
    let joined: Room;
    try {
      joined = await this.registry.acquire(pipelineId);
    } catch (err) {
      if (!(err instanceof NotFound)) this.log.error({ err, pipelineId }, 'opening a document failed');
      return err instanceof NotFound
        ? peer.close(closeCodeOf(err), 'Pipeline not found.')
        : peer.close(closeCodeOf(err), 'The document could not be opened.');
    }
    if (gone) return this.registry.release(joined);
    room = joined;
    room.join(peer);
    for (const frame of early.splice(0)) room.receive(peer, frame);
  }

  private disconnectAll(pipelineId: string): void {
    for (const peer of this.peers)
      if (peer.pipelineId === pipelineId) peer.close(CLOSE.notFound, 'This pipeline was deleted.');
  }

  private closeLocalPeersOf(userId: string): void {
    this.registry.closePeersOfUser(userId);
    // Those still waiting for their document to load are not in a room yet.
    for (const peer of this.peers)
      if (peer.userId === userId) peer.close(CLOSE.signedOut, 'You have been signed out.');
  }

  /** Re-checks the connections of one user in one workspace, or (no arguments) every connection. */
  private recheckAccessLogged(userId?: string, workspaceId?: string): void {
    const peers = [...this.peers].filter(
      (p) => userId === undefined || (p.userId === userId && p.workspaceId === workspaceId)
    );
    this.applyAccess(peers).catch((err: unknown) =>
      this.log.error({ err }, 're-checking collab access failed')
    );
  }

  /**
   * Applies role changes to open connections: demoted editors keep reading, promoted viewers may
   * write, users who lost the workspace are disconnected for good (4403). One check per user and
   * document, however many tabs they have open.
   */
  private async applyAccess(peers: WsPeer[]): Promise<void> {
    const groups = new Map<string, WsPeer[]>();
    for (const peer of peers) {
      const group = `${peer.userId}/${peer.pipelineId}`;
      groups.set(group, [...(groups.get(group) ?? []), peer]);
    }
    for (const group of groups.values()) {
      const { userId, pipelineId } = group[0]!;
      let canWrite: boolean;
      try {
        const grant = await this.options.access.require(
          userId,
          { kind: 'pipeline', id: pipelineId },
          'viewer'
        );
        canWrite = roleAtLeast(grant.role, 'editor');
      } catch (err) {
        if (isRefusal(err))
          for (const peer of group)
            peer.close(CLOSE.accessRevoked, 'You no longer have access to this pipeline.');
        else this.log.error({ err }, 're-checking collab access failed');
        continue;
      }
      for (const peer of group) {
        if (!peer.readOnly && !canWrite) {
          peer.readOnly = true;
          peer.send(permissionDeniedMessage(READ_ONLY_REASON));
        } else if (peer.readOnly && canWrite) {
          peer.readOnly = false;
          this.registry.loaded(peer.pipelineId)?.resync(peer);
        }
      }
    }
  }
}

const key = (pipelineId: string) => pipelineId.toLowerCase();

function toBytes(data: WebSocket.RawData): Uint8Array {
  // A copy: frames may wait in a write batch while the socket reuses its buffers.
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data instanceof ArrayBuffer ? data.slice(0) : data);
}
