import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import * as Y from 'yjs';
import type { PipelineConfig } from '../contracts/pipeline';
import type { AccessService } from '../core/access/access.service';
import { roleAtLeast } from '../core/access/roles';
import { isRefusal, NotFound } from '../contracts/errors';
import { collabMetrics } from './collab-metrics';
import * as layout from '../contracts/doc-layout';
import { closeCodeOf } from './close-code';
import { applyStored, type DocumentStore } from '../data/document-store';
import { DEFAULT_LIMITS, type CollabLimits } from './limits';
import type { DocumentMeta, LiveDocuments, MaterializeConfig } from '../core/pipelines/live-documents';
import { CLOSE, permissionDeniedMessage, READ_ONLY_REASON } from './protocol';
import type { Fanout, FanoutEvents } from './redis-fanout';
import { Room, type Peer } from './room';
import { RoomRegistry } from './room-registry';

/** A connection as the hub sees it: a room's peer plus the document and workspace it was granted. */
export interface HubPeer extends Peer {
  readonly pipelineId: string;
  readonly workspaceId: string;
}

/** What a transport feeds the hub for one connection. */
export interface HubConnection {
  /** One y-websocket frame from the client, in arrival order. */
  receive(frame: Uint8Array): void;
  /** The transport is gone (closed, terminated). */
  leave(): void;
  /**
   * Settles once the peer is in its room or was turned away with a close code; rejects only on a
   * fault of the hub itself, which the transport answers by dropping the connection.
   */
  joined: Promise<void>;
}

export interface DocHubOptions {
  store: DocumentStore;
  /** Builds the link to the other processes; it calls back on `events`. */
  fanout(events: FanoutEvents): Fanout;
  access: Pick<AccessService, 'require'>;
  log: Logger;
  materialize: MaterializeConfig;
  unloadGraceMs?: number;
  compactAfter?: number;
  materializeWaitMs?: number;
  materializeMaxWaitMs?: number;
  metrics?: Registry;
  limits?: Partial<CollabLimits>;
  /** How often every connection's access is checked again (60 s). */
  accessRecheckMs?: number;
}

/**
 * The collaborative documents of this process, without a transport: one room per open document,
 * persistence through a DocumentStore, fan-out to other processes, the LiveDocuments REST uses,
 * and the access re-checks that demote, promote or disconnect peers. A transport (the WebSocket
 * adapter in doc-server.ts, fake peers in tests) hands it peers through `connect`.
 */
export class DocHub implements LiveDocuments {
  readonly limits: CollabLimits;
  private readonly peers = new Set<HubPeer>();
  private readonly registry: RoomRegistry;
  private readonly fanout: Fanout;
  private readonly store: DocumentStore;
  private readonly log: Logger;
  private readonly recheck: NodeJS.Timeout;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: DocHubOptions) {
    const log = (this.log = options.log);
    const limits = (this.limits = { ...DEFAULT_LIMITS, ...options.limits });
    this.store = options.store;
    const metrics = options.metrics
      ? collabMetrics(options.metrics, () => ({
          documents: this.registry.size,
          connections: this.peers.size
        }))
      : undefined;
    this.fanout = options.fanout({
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
    });
    this.registry = new RoomRegistry({
      create: (pipelineId) =>
        new Room({
          pipelineId,
          store: this.store,
          publish: (kind, payload) => this.fanout.publish(pipelineId, kind, payload),
          materialize: options.materialize,
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

  /** Connections on this process, joined or still waiting for their document. */
  get connections(): number {
    return this.peers.size;
  }

  /**
   * Joins a peer that has passed the access check to its document. Frames that arrive while the
   * document loads wait (bounded by the limits), then go to the room in order.
   */
  connect(peer: HubPeer): HubConnection {
    const pipelineId = key(peer.pipelineId);
    this.peers.add(peer);
    let room: Room | null = null;
    let gone = false;
    const early: Uint8Array[] = [];
    let earlyBytes = 0;
    const receive = (frame: Uint8Array) => {
      if (room) return room.receive(peer, frame);
      if (gone) return;
      earlyBytes += frame.byteLength;
      if (early.length >= this.limits.maxEarlyFrames || earlyBytes > this.limits.maxEarlyBytes) {
        early.length = 0;
        return peer.close(CLOSE.tryAgainLater, 'Too many messages before the document loaded.');
      }
      early.push(frame);
    };
    const leave = () => {
      if (gone) return;
      gone = true;
      this.peers.delete(peer);
      if (room) {
        room.leave(peer);
        this.registry.release(room);
      }
    };
    const join = async () => {
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
    };
    return { receive, leave, joined: join() };
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

  /**
   * Re-checks the connections of one user in one workspace, or (no arguments) every connection;
   * resolves when the changes are applied.
   */
  recheckAccess(userId?: string, workspaceId?: string): Promise<void> {
    const peers = [...this.peers].filter(
      (p) => userId === undefined || (p.userId === userId && p.workspaceId === workspaceId)
    );
    return this.applyAccess(peers);
  }

  /** Closes every connection, writes and materialises what is pending, and unloads every document. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    clearInterval(this.recheck);
    for (const peer of this.peers) peer.close(CLOSE.goingAway, 'The server is restarting.');
    await this.registry.close();
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

  private disconnectAll(pipelineId: string): void {
    for (const peer of this.peers)
      if (key(peer.pipelineId) === pipelineId) peer.close(CLOSE.notFound, 'This pipeline was deleted.');
  }

  private closeLocalPeersOf(userId: string): void {
    this.registry.closePeersOfUser(userId);
    // Those still waiting for their document to load are not in a room yet.
    for (const peer of this.peers)
      if (peer.userId === userId) peer.close(CLOSE.signedOut, 'You have been signed out.');
  }

  private recheckAccessLogged(userId?: string, workspaceId?: string): void {
    this.recheckAccess(userId, workspaceId).catch((err: unknown) =>
      this.log.error({ err }, 're-checking collab access failed')
    );
  }

  /**
   * Applies role changes to open connections: demoted editors keep reading, promoted viewers may
   * write, users who lost the workspace are disconnected for good (4403). One check per user and
   * document, however many tabs they have open.
   */
  private async applyAccess(peers: HubPeer[]): Promise<void> {
    const groups = new Map<string, HubPeer[]>();
    for (const peer of peers) {
      const group = `${peer.userId}/${key(peer.pipelineId)}`;
      groups.set(group, [...(groups.get(group) ?? []), peer]);
    }
    for (const group of groups.values()) {
      const { userId } = group[0]!;
      const pipelineId = key(group[0]!.pipelineId);
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
          this.registry.loaded(pipelineId)?.resync(peer);
        }
      }
    }
  }
}

const key = (pipelineId: string) => pipelineId.toLowerCase();
