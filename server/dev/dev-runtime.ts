import type { ViteDevServer } from 'vite';

export async function startDevRuntime(_server: ViteDevServer): Promise<void> {
  // Filled in with the runtime wiring.
}
