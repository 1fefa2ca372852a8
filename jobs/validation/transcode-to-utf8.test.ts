import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUtf8Transcoder, TranscodingError, transcodeToUtf8 } from './transcode-to-utf8';

const text = 'name,note\nJosé,“très bon” €5 𝄞\n';

async function transcodeInChunks(
  bytes: Buffer,
  encoding: 'utf-16le' | 'utf-16be' | 'windows-1252',
  size: number
): Promise<string> {
  const chunks = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) =>
    bytes.subarray(i * size, (i + 1) * size)
  );
  const output: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(createUtf8Transcoder(encoding)))
    output.push(chunk as Buffer);
  return Buffer.concat(output).toString('utf8');
}

describe('createUtf8Transcoder', () => {
  it('decodes UTF-16 LE split at every possible byte, dropping the BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (const size of [1, 3, 5]) expect(await transcodeInChunks(bytes, 'utf-16le', size)).toBe(text);
  });

  it('decodes UTF-16 BE', async () => {
    const le = Buffer.from(text, 'utf16le');
    const be = Buffer.from(le.map((_, i) => le[i ^ 1]!));
    expect(await transcodeInChunks(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf-16be', 7)).toBe(text);
  });

  it('maps Windows-1252 punctuation, not the Latin-1 control codes', async () => {
    const bytes = Buffer.from([0x80, 0x35, 0x20, 0x93, 0x6f, 0x6b, 0x94, 0x20, 0xe9]);
    expect(await transcodeInChunks(bytes, 'windows-1252', 2)).toBe('€5 “ok” é');
  });

  it('fails on a lone surrogate instead of inventing characters', async () => {
    const bytes = Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8, 0x61, 0x00]);
    await expect(transcodeInChunks(bytes, 'utf-16le', 4)).rejects.toBeInstanceOf(TranscodingError);
  });
});

describe('transcodeToUtf8', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'transcode-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes a UTF-8 copy and reports progress up to the whole file', async () => {
    const source = join(dir, 'latin1.csv');
    await writeFile(source, Buffer.from('a,b\nçà,ü\n'.repeat(1000), 'latin1'));
    const fractions: number[] = [];
    await transcodeToUtf8(source, join(dir, 'out.csv'), 'windows-1252', (f) => fractions.push(f));
    expect(await readFile(join(dir, 'out.csv'), 'utf8')).toBe('a,b\nçà,ü\n'.repeat(1000));
    expect(fractions.at(-1)).toBe(1);
  });
});
