import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import { COLLAB_PREFIX, collabUpgradeHandler } from '../collab/collab-upgrade';
import { DocServer } from '../collab/doc-server';
import type express from 'express';
import type { Registry } from 'prom-client';
import { createAuthParts } from '../core/auth/auth-parts';
import { pipelineMaterializer } from '../core/pipelines/materialize';
import { createApp } from '../server/app';
import { createMetrics, startMetricsServer, type MetricsServer } from '../server/ops/metrics';
import { createSocketServer, revokeLiveAccess, type RealtimeServer } from '../server/realtime/socket-server';
import type { Runtime } from '../core/runtime';

export interface RunningServer {
  server: http.Server;
  io: RealtimeServer;
  collab: DocServer;
  url: string;
  /** Set when METRICS_PORT is: where `GET /metrics` is served, unauthenticated. */
  metricsUrl?: string;
  close(): Promise<void>;
}

/** Loads the SvelteKit adapter-node handler when the web app has been built. */
export async function loadWebHandler(root = process.cwd()): Promise<RequestHandler | undefined> {
  const file = path.join(root, 'build', 'handler.js');
  if (!fs.existsSync(file)) return undefined;
  return ((await import(pathToFileURL(file).href)) as { handler: RequestHandler }).handler;
}

/**
 * Builds the app and attaches Socket.IO and the collab upgrade route to an HTTP server. In
 * `vite dev` other upgrades (Vite's HMR socket) share the server, so unknown ones are left alone.
 */
export function attachStudio(
  server: http.Server,
  rt: Runtime,
  options: {
    webHandler?: RequestHandler;
    shareUpgrades?: boolean;
    serveApp?: boolean;
    /** Period of the live sockets' access re-check (30 s). */
    liveRecheckMs?: number;
  } = {}
): { app: express.Express; collab: DocServer; metrics: Registry; io: RealtimeServer } {
  const { config } = rt;
  const auth = createAuthParts(rt);
  const metrics = createMetrics();
  const docs = new DocServer({
    pool: rt.collabPool,
    redis: rt.redis,
    redisPrefix: config.redis.prefix,
    access: auth.access,
    log: rt.log,
    materialize: pipelineMaterializer(rt.repos.pipelines, rt.publisher),
    unloadGraceMs: config.collab.unloadGraceMs,
    accessRecheckMs: config.collab.accessRecheckMs,
    limits: {
      maxFrameBytes: config.collab.maxFrameBytes,
      messagesPerSecond: config.collab.messagesPerSecond,
      messageBurst: 2 * config.collab.messagesPerSecond
    },
    metrics: metrics.registry
  });
  const parts = createApp(
    rt,
    { auth, live: docs, metrics },
    {
      webHandler: options.webHandler,
      // Called only on requests, long after io exists.
      onAccessRevoked: (userId, workspaceId) => {
        revokeLiveAccess(io, userId, workspaceId);
        docs.revokeAccess(userId, workspaceId);
      }
    }
  );
  // Before Socket.IO attaches: engine.io wraps the request listeners present at that moment so that
  // /socket.io/ polling requests never reach the app.
  if (options.serveApp !== false) server.on('request', parts.app);
  const io: RealtimeServer = createSocketServer(server, {
    session: auth.session,
    passport: auth.passport,
    access: auth.access,
    redis: rt.redis,
    log: rt.log,
    redisPrefix: rt.config.redis.prefix,
    revocations: auth.revocations,
    recheckMs: options.liveRecheckMs
  });
  const collab = collabUpgradeHandler({
    session: auth.session,
    passport: auth.passport,
    access: auth.access,
    docs,
    revocations: auth.revocations,
    sessionRecheckMs: options.liveRecheckMs,
    log: rt.log
  });
  server.once('close', () => {
    collab.stop();
    auth.revocations.close();
  });
  server.on('upgrade', (req, socket, head) => {
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if (pathname.startsWith(COLLAB_PREFIX)) {
      collab(req, socket, head).catch((err: unknown) => {
        rt.log.error({ err }, 'collab upgrade failed');
        socket.destroy();
      });
      return;
    }
    if (pathname.startsWith('/socket.io/') || options.shareUpgrades) return; // engine.io handles its own
    socket.destroy();
  });
  return { app: parts.app, io, collab: docs, metrics: metrics.registry };
}

/** One HTTP server for pages, REST, Socket.IO (/socket.io) and collaborative documents (/collab/<id>). */
export async function startHttpServer(
  rt: Runtime,
  options: { webHandler?: RequestHandler; port?: number; host?: string; liveRecheckMs?: number } = {}
): Promise<RunningServer> {
  const server = http.createServer();
  const { io, collab, metrics } = attachStudio(server, rt, {
    webHandler: options.webHandler,
    liveRecheckMs: options.liveRecheckMs
  });

  const port = options.port ?? rt.config.port;
  const host = options.host ?? rt.config.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${actualPort}`;
  const metricsPort = rt.config.metrics.port;
  let metricsServer: MetricsServer | undefined;
  if (metricsPort !== undefined)
    metricsServer = await startMetricsServer(metrics, { port: metricsPort, host });

  return {
    server,
    io,
    collab,
    url,
    ...(metricsServer ? { metricsUrl: metricsServer.url } : {}),
    close: async () => {
      await metricsServer?.close();
      // First, while the database and Redis are still up: pending document writes are flushed.
      await collab.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  };
}
