import type { ViteDevServer } from 'vite';
import type http from 'node:http';
import { loadConfig } from '../../core/config';
import { attachStudio } from '../http-server';
import { createLogger } from '../../core/logger';
import { startRuntime } from '../../core/runtime';
import { startWorkers } from '../../jobs/worker-pool';

/**
 * `vite dev`: the same runtime as `npm start`, with the API mounted as Vite middleware (SvelteKit
 * serves the pages with hot reload) and Socket.IO and collab attached to Vite's HTTP server.
 */
export async function startDevRuntime(vite: ViteDevServer): Promise<void> {
  const config = loadConfig({ NODE_ENV: 'development', ...process.env });
  const log = createLogger(config);
  const rt = await startRuntime(config, log);
  const { app, collab } = attachStudio(vite.httpServer as http.Server, rt, {
    shareUpgrades: true,
    serveApp: false
  });
  const workers = config.workers === 'inline' ? await startWorkers(rt) : undefined;
  // Only our paths go to Express; everything else falls through to SvelteKit.
  vite.middlewares.use((req, res, next) => {
    const url = req.url ?? '';
    if (url.startsWith('/api/') || url.startsWith('/blobs/') || url === '/healthz' || url === '/metrics') {
      app(req as never, res as never);
    } else next();
  });
  vite.httpServer?.once('close', () => {
    collab
      .close()
      .then(() => workers?.close())
      .then(() => rt.close())
      .catch((err: unknown) => log.error({ err }, 'shutting the dev runtime down failed'));
  });
}
