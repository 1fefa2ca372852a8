import type { Plugin } from 'vite';

/**
 * `vite dev` only: mounts the same Express API, Socket.IO and collab upgrade handling on Vite's
 * dev server so the studio works with hot reload. Production uses server/index.ts instead.
 */
export function devServer(): Plugin {
  return {
    name: 'pipeweave-dev-server',
    apply: 'serve',
    async configureServer(server) {
      if (!server.httpServer) return;
      const { startDevRuntime } = await import('./dev-runtime.ts');
      await startDevRuntime(server);
    }
  };
}
