// The layers of docs/ARCHITECTURE.md, checked on every `npm test` (`npm run check:layers`).
// Imports point down only: contracts → ml, models → data, migrations → core → server, collab,
// jobs → boot. web/ sees contracts/ only. Tests may reach their own support code besides.
/** Test code and test-only helpers: they follow the same layers, and may also use test support. */
const TEST = '(\\.test\\.ts$|/testing/|/test-support/|^test/|^bench/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'contracts-are-the-bottom',
      comment: 'contracts/ is the wire: it may use zod and yjs, never the code above it.',
      severity: 'error',
      from: { path: '^contracts/' },
      to: { path: '^(ml|models|data|migrations|core|server|collab|jobs|boot|web)/' }
    },
    {
      name: 'ml-is-a-pure-library',
      comment: 'The engine trains and predicts in memory: from the product it sees contracts/ only.',
      severity: 'error',
      from: { path: '^ml/', pathNot: TEST },
      to: { path: '^(models|data|migrations|core|server|collab|jobs|boot|web)/' }
    },
    {
      name: 'ml-does-no-io',
      comment: 'No files, sockets, processes or databases inside the engine; threads are allowed.',
      severity: 'error',
      from: { path: '^ml/', pathNot: TEST },
      to: {
        dependencyTypes: ['core', 'npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        path: '^(node:)?(fs|net|http|https|http2|child_process|dgram|cluster|pg|sequelize|ioredis|bee-queue|@aws-sdk/.*|@duckdb/.*)$'
      }
    },
    {
      name: 'models-sit-on-contracts',
      severity: 'error',
      from: { path: '^models/' },
      to: { path: '^(ml|data|migrations|core|server|collab|jobs|boot|web)/' }
    },
    {
      name: 'data-layer-sits-on-models',
      comment: 'Repositories use models and contracts; the core, adapters and entries build on them.',
      severity: 'error',
      from: { path: '^(data|migrations)/' },
      to: { path: '^(ml|core|server|collab|jobs|boot|web)/' }
    },
    {
      name: 'core-is-below-the-adapters',
      comment: 'Every process boots from core/; it must not know which adapter runs it.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(server|collab|jobs|boot|web)/' }
    },
    {
      name: 'adapters-never-import-each-other',
      comment: 'server/, collab/ and jobs/ meet only in core/ and in the entries under boot/.',
      severity: 'error',
      from: { path: '^(server|collab|jobs)/' },
      to: { path: '^(server|collab|jobs)/', pathNot: '^$1/' }
    },
    {
      name: 'adapters-are-not-entries',
      severity: 'error',
      from: { path: '^(contracts|ml|models|data|migrations|core|server|collab|jobs|web)/' },
      to: { path: '^boot/' }
    },
    {
      name: 'web-sees-contracts-only',
      comment: 'The browser bundle gets the wire types, never server code.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(ml|models|data|migrations|core|server|collab|jobs|boot|test|bench)/' }
    },
    {
      name: 'product-code-never-imports-tests',
      severity: 'error',
      from: { pathNot: TEST },
      to: { path: TEST }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(build|\\.svelte-kit|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.svelte', '.json']
    },
    reporterOptions: { text: { highlightFocused: true } }
  }
};
