import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,collab,jobs,models,migrations,contracts,web,ml}/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default']
  }
});
