import { configDefaults, defineConfig } from 'vitest/config';

/** Tests beside the code: unit unless listed in `needsServices`. */
const besideCode = '{contracts,ml,models,data,migrations,core,server,collab,jobs,boot,web}/**/*.test.ts';

/**
 * Tests beside the code that reach Postgres, Redis or a child process (redis-server, python's
 * scikit-learn, a node process), or stand up a local S3 server: they run in `integration`, never in
 * `unit`, so `npm run test:unit` needs nothing but Node.
 */
const needsServices = [
  'core/auth/session-cache.test.ts',
  'core/auth/session-revocations.test.ts',
  'core/platform/platform.test.ts',
  'core/process-guards.test.ts',
  'core/storage/blob-store.test.ts',
  // Parity with scikit-learn spawns /usr/bin/python3.
  'ml/**/*.parity.test.ts'
];

const shared = { testTimeout: 30_000, hookTimeout: 60_000, pool: 'forks' as const };
const globalSetup = ['test/support/global-setup.ts'];

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: [besideCode, 'test/deploy/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...needsServices]
        }
      },
      {
        test: {
          ...shared,
          name: 'integration',
          include: [...needsServices, 'test/integration/**/*.test.ts'],
          globalSetup
        }
      },
      {
        // These kill the processes they start (Postgres clusters, redis-server, web and worker
        // processes): one file at a time keeps their timings honest on a small machine.
        test: {
          ...shared,
          name: 'fault',
          include: ['test/fault/**/*.test.ts'],
          globalSetup,
          fileParallelism: false
        }
      },
      {
        test: { ...shared, name: 'browser', include: ['test/e2e/**/*.test.ts'], globalSetup }
      }
    ]
  }
});
