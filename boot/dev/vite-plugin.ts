import type { Plugin } from 'vite';

/**
 * `vite dev` only: mounts the same Express API, Socket.IO and collab upgrade handling on Vite's
 * dev server so the studio works with hot reload. Production uses boot/start.ts instead.
 * The runtime is loaded through Vite's own SSR loader, which compiles the TypeScript server code,
 * so the config file itself stays free of server imports.
 */
export function devServer(): Plugin {
  return {
    name: 'pipeweave-dev-server',
    apply: 'serve',
    async configureServer(server) {
      if (!server.httpServer) return;
      const mod = (await server.ssrLoadModule('/boot/dev/dev-runtime.ts')) as typeof import('./dev-runtime');
      await mod.startDevRuntime(server);
    }
  };
}
