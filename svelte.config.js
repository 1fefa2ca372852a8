import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ out: 'build' }),
    // The app lives in web/ so the top level shows the product's parts (server, collab, jobs …).
    files: {
      routes: 'web/routes',
      lib: 'web/lib',
      appTemplate: 'web/app.html',
      errorTemplate: 'web/error.html',
      assets: 'web/static',
      hooks: { client: 'web/hooks.client', server: 'web/hooks.server', universal: 'web/hooks' },
      params: 'web/params',
      serviceWorker: 'web/service-worker'
    },
    typescript: {
      config(tsconfig) {
        tsconfig.include.push(
          '../core/**/*.ts',
          '../data/**/*.ts',
          '../boot/**/*.ts',
          '../contracts/**/*.ts',
          '../server/**/*.ts',
          '../collab/**/*.ts',
          '../jobs/**/*.ts',
          '../models/**/*.ts',
          '../ml/**/*.ts',
          '../migrations/**/*.ts',
          '../test/**/*.ts',
          '../bench/**/*.ts',
          '../vitest.config.ts'
        );
        return tsconfig;
      }
    }
  }
};
