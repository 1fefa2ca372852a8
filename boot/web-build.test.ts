import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, markBuilt, sourceHash } from './web-build';

let root: string;
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function project(): string {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'web-build-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('web/routes/+page.svelte', '<h1>Hi</h1>');
  write('web/lib/list.ts', 'export const a = 1;');
  write('contracts/api.ts', 'export type A = 1;');
  write('package-lock.json', '{}');
  write('build/handler.js', 'export const handler = () => {};');
  return root;
}

describe('building the web app only when its sources changed', () => {
  it('counts a build as current until a source, a contract or the lockfile changes', () => {
    const dir = project();
    expect(buildIsCurrent(dir)).toBe(false); // never stamped
    markBuilt(dir, sourceHash(dir));
    expect(buildIsCurrent(dir)).toBe(true);

    for (const [file, text] of [
      ['web/lib/list.ts', 'export const a = 2;'],
      ['contracts/api.ts', 'export type A = 2;'],
      ['package-lock.json', '{"lockfileVersion":3}'],
      ['web/lib/new.ts', 'export {};']
    ] as const) {
      fs.writeFileSync(path.join(dir, file), text);
      expect(buildIsCurrent(dir), file).toBe(false);
      markBuilt(dir, sourceHash(dir));
      expect(buildIsCurrent(dir)).toBe(true);
    }
  });

  it('ignores tests and files outside the inputs, and rebuilds when the build is gone', () => {
    const dir = project();
    markBuilt(dir, sourceHash(dir));
    fs.writeFileSync(path.join(dir, 'web/lib/list.test.ts'), 'it()');
    fs.mkdirSync(path.join(dir, 'server'));
    fs.writeFileSync(path.join(dir, 'server/app.ts'), 'export {};');
    expect(buildIsCurrent(dir)).toBe(true);

    fs.rmSync(path.join(dir, 'build/handler.js'));
    expect(buildIsCurrent(dir)).toBe(false);
  });

  it('tells a renamed file from an unchanged tree', () => {
    const dir = project();
    const before = sourceHash(dir);
    fs.renameSync(path.join(dir, 'web/lib/list.ts'), path.join(dir, 'web/lib/items.ts'));
    expect(sourceHash(dir)).not.toBe(before);
  });
});
