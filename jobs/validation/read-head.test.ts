import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHead } from './read-head';

describe('readHead', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'read-head-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads small files whole', async () => {
    const path = join(dir, 'small.csv');
    await writeFile(path, 'a,b\n1,2\n');
    expect(await readHead(path)).toMatchObject({ fileSize: 8, isWholeFile: true });
  });

  it('stops at minBytes when enough line breaks arrived', async () => {
    const path = join(dir, 'lines.csv');
    await writeFile(path, 'a,b\n'.repeat(1000));
    const head = await readHead(path, { minBytes: 100, minLineBreaks: 2 });
    expect(head.bytes.length).toBe(100);
    expect(head.isWholeFile).toBe(false);
  });

  it('keeps reading past minBytes for a wide header, up to maxBytes', async () => {
    const path = join(dir, 'wide.csv');
    await writeFile(path, `${'x,'.repeat(5000)}x\n1\n${'y'.repeat(100_000)}`);
    const head = await readHead(path, { minBytes: 1024, minLineBreaks: 2, maxBytes: 64 * 1024 });
    expect(head.bytes.includes('\n1\n')).toBe(true);
    const capped = await readHead(path, { minBytes: 1024, minLineBreaks: 3, maxBytes: 16 * 1024 });
    expect(capped.bytes.length).toBe(16 * 1024);
  });
});
