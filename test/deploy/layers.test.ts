import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const config = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The rules that fire when `from` imports `to`, checked in a scratch tree holding just those two files. */
async function rulesBroken(from: string, to: string, importLine?: string): Promise<string[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layers-'));
  dirs.push(root);
  const spec = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  write(to, 'export const x = 1;\n');
  write(
    from,
    importLine ?? `import { x } from '${spec.startsWith('.') ? spec : `./${spec}`}';\nexport const y = x;\n`
  );
  const result = await cruise([from], {
    ruleSet: { forbidden: config.forbidden },
    baseDir: root,
    tsPreCompilationDeps: true,
    validate: true
  });
  const output = result.output as { summary: { violations: Array<{ rule: { name: string } }> } };
  return output.summary.violations.map((v) => v.rule.name).sort();
}

describe('the layer rules (.dependency-cruiser.cjs)', () => {
  it('refuse an adapter importing another adapter', async () => {
    expect(await rulesBroken('server/app.ts', 'collab/doc-server.ts')).toEqual([
      'adapters-never-import-each-other'
    ]);
    expect(await rulesBroken('jobs/worker.ts', 'server/eda/eda.service.ts')).toEqual([
      'adapters-never-import-each-other'
    ]);
  });

  it('refuse the core or the data layer reaching up', async () => {
    expect(await rulesBroken('core/runtime.ts', 'jobs/queues.ts')).toEqual(['core-is-below-the-adapters']);
    expect(await rulesBroken('data/dataset.repository.ts', 'core/storage/blob-store.ts')).toEqual([
      'data-layer-sits-on-models'
    ]);
    expect(await rulesBroken('contracts/api.ts', 'data/dataset.repository.ts')).toEqual([
      'contracts-are-the-bottom'
    ]);
  });

  it('keep the browser on contracts and the engine pure', async () => {
    expect(await rulesBroken('web/lib/api.ts', 'core/config.ts')).toEqual(['web-sees-contracts-only']);
    expect(await rulesBroken('ml/train.ts', 'core/storage/blob-store.ts')).toEqual(['ml-is-a-pure-library']);
    expect(
      await rulesBroken('ml/load.ts', 'contracts/api.ts', "import fs from 'node:fs';\nexport const y = fs;\n")
    ).toEqual(['ml-does-no-io']);
  });

  it('refuse product code importing test helpers, and code importing an entry', async () => {
    expect(await rulesBroken('server/app.ts', 'test/support/http-client.ts')).toEqual([
      'product-code-never-imports-tests'
    ]);
    expect(await rulesBroken('server/app.ts', 'boot/start.ts')).toEqual(['adapters-are-not-entries']);
  });

  it('let imports that point down through', async () => {
    expect(await rulesBroken('server/app.ts', 'core/runtime.ts')).toEqual([]);
    expect(await rulesBroken('boot/start.ts', 'jobs/worker-pool.ts')).toEqual([]);
    expect(await rulesBroken('jobs/tracked-job.ts', 'data/outbox.repository.ts')).toEqual([]);
    expect(await rulesBroken('web/lib/api.ts', 'contracts/api.ts')).toEqual([]);
    expect(await rulesBroken('server/app.ts', 'server/http/validate.ts')).toEqual([]);
  });
});
