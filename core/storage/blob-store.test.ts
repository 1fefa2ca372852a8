// Over 400 lines for a reason: the one contract every blob driver must keep, run against both
// drivers, sits beside the HTTP checks of each, so a gap between them shows in one file.
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobNotFoundError, type BlobStore, type PresignedRequest } from './blob-store';
import { LocalBlobStore } from './local.store';
import type { BlobBackend } from './testing/blob-backend';
import { startLocalBackend, type LocalBackend } from './testing/local-backend';
import { S3_TEST_BUCKET, startS3Backend, type S3Backend } from './testing/s3-backend';

const HOUR_AGO = () => Date.now() - 60 * 60 * 1000;

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

function send(
  req: PresignedRequest,
  body?: Uint8Array<ArrayBuffer> | string,
  url = req.url
): Promise<Response> {
  return fetch(url, { method: req.method, headers: req.headers, ...(body === undefined ? {} : { body }) });
}

/** Flips the last hex digit of the signature, whichever driver made the URL. */
function tamperSignature(url: string): string {
  return url.replace(/([?&](?:sig|X-Amz-Signature)=[0-9a-f]*)([0-9a-f])/, (_m, head: string, last: string) =>
    last === '0' ? `${head}1` : `${head}0`
  );
}

/** The same assertions for every driver: what callers may rely on whichever store they were given. */
describe.each([
  { driver: 's3', start: startS3Backend as () => Promise<BlobBackend> },
  { driver: 'local', start: startLocalBackend as () => Promise<BlobBackend> }
])('$driver blob store', ({ driver, start }) => {
  let backend: BlobBackend;
  let store: BlobStore;
  /** Same backend, clock an hour behind: every URL it signs is born expired. */
  let pastStore: BlobStore;

  beforeAll(async () => {
    backend = await start();
    store = backend.makeStore();
    pastStore = backend.makeStore(HOUR_AGO);
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('reports its driver', () => {
    expect(store.driver).toBe(driver);
  });

  it('accepts a presigned PUT and reads the same bytes back', async () => {
    const key = 'datasets/u1/d1/raw/2025-12-27T14-30-00Z.csv';
    const body = Buffer.from('id,name\n1,Ada\n2,Grace\n');
    const put = await store.presignPut(key, { contentType: 'text/csv', contentLength: body.length });
    expect(put.method).toBe('PUT');
    expect(put.headers['content-type']).toBe('text/csv');
    const expiresIn = Date.parse(put.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(14 * 60 * 1000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60 * 1000);

    const res = await send(put, body);
    expect(res.status).toBe(200);
    expect(await store.head(key)).toEqual({ size: body.length, contentType: 'text/csv' });
    expect(await readAll(await store.read(key))).toEqual(body);
  });

  it('serves a presigned GET, naming the download when asked', async () => {
    const key = 'models/u1/m1/artifacts/model_config.json';
    const body = '{"layers":[64,32]}';
    await store.write(key, body, { contentType: 'application/json' });

    const get = await store.presignGet(key, { fileName: 'model config.json' });
    expect(get.method).toBe('GET');
    const res = await send(get);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''model%20config.json");
    expect(await res.text()).toBe(body);
  });

  it('refuses expired URLs', async () => {
    const key = 'datasets/u1/d1/raw/expired.csv';
    const put = await pastStore.presignPut(key, { expiresInSeconds: 60 });
    expect(Date.parse(put.expiresAt)).toBeLessThan(Date.now());
    expect((await send(put, 'a,b\n')).status).toBe(403);
    expect(await store.head(key)).toBeNull();

    await store.write(key, 'a,b\n');
    const get = await pastStore.presignGet(key, { expiresInSeconds: 60 });
    expect((await send(get)).status).toBe(403);
  });

  it('refuses tampered URLs and stores nothing', async () => {
    const key = 'datasets/u1/d2/raw/original.csv';
    const put = await store.presignPut(key, { contentType: 'text/csv' });

    const otherKey = put.url.replace('/raw/original.csv', '/raw/other.csv');
    expect(otherKey).not.toBe(put.url);
    expect((await send(put, 'x\n', otherKey)).status).toBe(403);
    const forged = tamperSignature(put.url);
    expect(forged).not.toBe(put.url);
    expect((await send(put, 'x\n', forged)).status).toBe(403);

    expect(await store.head('datasets/u1/d2/raw/other.csv')).toBeNull();
    expect(await store.head(key)).toBeNull();
    // The untampered URL still works: the refusals above were about the tampering.
    expect((await send(put, 'x\n')).status).toBe(200);
  });

  it('refuses a body whose size differs from the signed contentLength', async () => {
    const key = 'datasets/u1/d3/raw/sized.csv';
    const put = await store.presignPut(key, { contentLength: 10 });
    for (const body of ['0123456789X', '012345678']) {
      const res = await send(put, body);
      expect(res.ok, `${body.length} bytes accepted`).toBe(false);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(await store.head(key)).toBeNull();
    }
    expect((await send(put, '0123456789')).status).toBe(200);
    expect((await store.head(key))?.size).toBe(10);
  });

  it('writes a 12 MB stream byte-exactly', async () => {
    const key = 'models/u1/m2/artifacts/model.joblib';
    const size = 12 * 1024 * 1024 + 123;
    const written = createHash('sha256');
    async function* chunks() {
      for (let left = size; left > 0; left -= 64 * 1024) {
        const chunk = randomBytes(Math.min(64 * 1024, left));
        written.update(chunk);
        yield chunk;
      }
    }
    await store.write(key, Readable.from(chunks()));

    expect((await store.head(key))?.size).toBe(size);
    const read = createHash('sha256');
    for await (const chunk of await store.read(key)) read.update(chunk as Uint8Array);
    expect(read.digest('hex')).toBe(written.digest('hex'));
  });

  it('replaces an object on a second write', async () => {
    const key = 'datasets/u1/d4/metadata/eda_report_1.json';
    await store.write(key, Buffer.from('{"v":1}'));
    await store.write(key, '{"v":2,"longer":true}');
    expect((await readAll(await store.read(key))).toString()).toBe('{"v":2,"longer":true}');
  });

  it('reports missing objects as null on head and BlobNotFoundError on read', async () => {
    const key = 'datasets/u1/nope/raw/missing.csv';
    expect(await store.head(key)).toBeNull();
    const error = await store.read(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobNotFoundError);
    expect((error as BlobNotFoundError).key).toBe(key);
  });

  it('deletes idempotently', async () => {
    const key = 'datasets/u1/d5/raw/gone.csv';
    await store.write(key, 'a\n1\n');
    await store.delete(key);
    expect(await store.head(key)).toBeNull();
    await expect(store.delete(key)).resolves.toBeUndefined();
    await expect(store.delete('datasets/never/was/here.csv')).resolves.toBeUndefined();
  });

  it('deletes exactly the objects under a prefix', async () => {
    const doomed = [
      'datasets/u2/d1/raw/a.csv',
      'datasets/u2/d1/processed/v1.parquet',
      'datasets/u2/d1/metadata/e.json'
    ];
    // d10 shares the string prefix "datasets/u2/d1" but not the folder.
    const kept = ['datasets/u2/d10/raw/b.csv', 'datasets/u2/d2/raw/c.csv', 'datasets/u2/d1.csv'];
    for (const key of [...doomed, ...kept]) await store.write(key, key);

    expect(await store.deletePrefix('datasets/u2/d1/')).toBe(doomed.length);
    for (const key of doomed) expect(await store.head(key), key).toBeNull();
    for (const key of kept) expect((await readAll(await store.read(key))).toString()).toBe(key);
    expect(await store.deletePrefix('datasets/u2/d1/')).toBe(0);
    await expect(store.deletePrefix('datasets/u2/d2')).rejects.toThrow(/must end with/);
    await expect(store.deletePrefix('/')).rejects.toThrow(/Invalid blob key/);
  });

  it.each(['../x', '/abs', 'a//b', 'a/../b', 'a/./b', '', 'a b', 'tail/'])(
    'rejects the key %j',
    async (key) => {
      await expect(store.presignPut(key)).rejects.toThrow(/Invalid blob key/);
      await expect(store.presignGet(key)).rejects.toThrow(/Invalid blob key/);
      await expect(store.head(key)).rejects.toThrow(/Invalid blob key/);
      await expect(store.read(key)).rejects.toThrow(/Invalid blob key/);
      await expect(store.write(key, 'x')).rejects.toThrow(/Invalid blob key/);
      await expect(store.delete(key)).rejects.toThrow(/Invalid blob key/);
    }
  );

  it('passes its health check', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe('local blob store over HTTP', () => {
  let backend: LocalBackend;
  let store: LocalBlobStore;

  beforeAll(async () => {
    backend = await startLocalBackend(256 * 1024);
    store = backend.makeStore();
  });
  afterAll(async () => {
    await backend?.close();
  });

  /** Temp files an upload left behind next to its key. */
  async function leftovers(key: string): Promise<string[]> {
    const names = await readdir(path.join(backend.root, path.dirname(key))).catch(() => []);
    return names.filter((n) => n.endsWith('.partial'));
  }

  /** PUTs with chunked encoding (no Content-Length), which fetch cannot be made to do with a known body. */
  function putChunked(url: string, chunks: Buffer[]): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method: 'PUT', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }

  it('answers 413 to a body above maxBytes', async () => {
    const key = 'datasets/u3/d1/raw/huge.csv';
    const put = await store.presignPut(key);
    const res = await send(put, Buffer.alloc(backend.maxBytes + 1, 97));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
    expect(await store.head(key)).toBeNull();

    const chunked = await putChunked(put.url, [Buffer.alloc(backend.maxBytes), Buffer.alloc(10)]);
    expect(chunked.status).toBe(413);
    expect(await store.head(key)).toBeNull();
    expect(await leftovers(key)).toEqual([]);

    expect((await send(put, Buffer.alloc(backend.maxBytes, 97))).status).toBe(200);
  });

  it('names the signature problem in the contract error body', async () => {
    const key = 'datasets/u3/d2/raw/a.csv';
    const put = await store.presignPut(key);
    const forged = await send(put, 'x', tamperSignature(put.url));
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({
      error: { code: 'invalid_signature', message: expect.any(String) }
    });

    const expired = await send(await backend.makeStore(HOUR_AGO).presignPut(key), 'x');
    expect(expired.status).toBe(403);
    expect((await expired.json()).error.code).toBe('url_expired');

    // A GET signature does not open the door to a PUT of the same key.
    const get = await store.presignGet(key);
    const wrongMethod = await fetch(get.url, { method: 'PUT', body: 'x' });
    expect(wrongMethod.status).toBe(403);
    expect(await store.head(key)).toBeNull();
  });

  it('discards a chunked body whose size differs from the signed one, storing nothing', async () => {
    const key = 'datasets/u3/d3/raw/kept.csv';
    const put = await store.presignPut(key, { contentLength: 10 });

    const short = await putChunked(put.url, [Buffer.from('0123'), Buffer.from('45')]);
    expect(short.status).toBe(400);
    expect(JSON.parse(short.body).error.code).toBe('size_mismatch');
    const long = await putChunked(put.url, [Buffer.from('01234567'), Buffer.from('89AB')]);
    expect(long.status).toBe(400);

    expect(await store.head(key)).toBeNull();
    expect(await leftovers(key)).toEqual([]);
    expect((await putChunked(put.url, [Buffer.from('01234'), Buffer.from('56789')])).status).toBe(200);
    expect((await readAll(await store.read(key))).toString()).toBe('0123456789');
  });

  it('refuses to replace an uploaded object through a signed URL, however the body comes', async () => {
    const key = 'datasets/u3/d5/raw/checked.csv';
    const put = await store.presignPut(key, { contentLength: 4 });
    expect((await send(put, 'a,b\n')).status).toBe(200);

    const again = await send(put, 'x,y\n');
    expect(again.status).toBe(412);
    expect((await again.json()).error.code).toBe('already_uploaded');
    const chunked = await putChunked(put.url, [Buffer.from('x,'), Buffer.from('y\n')]);
    expect(chunked.status).toBe(412);
    expect(JSON.parse(chunked.body).error.code).toBe('already_uploaded');
    expect((await readAll(await store.read(key))).toString()).toBe('a,b\n');
    expect(await leftovers(key)).toEqual([]);
  });

  it('keeps exactly one of two racing uploads to the same key', async () => {
    const key = 'datasets/u3/d6/raw/race.csv';
    const put = await store.presignPut(key, { contentLength: 1 << 16 });
    const bodies = ['a', 'b'].map((c) => Buffer.alloc(1 << 16, c));
    const statuses = await Promise.all(bodies.map((b) => send(put, b).then((r) => r.status)));
    expect(statuses.sort()).toEqual([200, 412]);
    const stored = await readAll(await store.read(key));
    expect(bodies.some((b) => b.equals(stored))).toBe(true);
    expect(await leftovers(key)).toEqual([]);
  });

  it('still lets the server replace an object it writes itself', async () => {
    const key = 'datasets/u3/d7/processed/v1.preview.json';
    const put = await store.presignPut(key);
    expect((await send(put, '{"v":1}')).status).toBe(200);
    await store.write(key, '{"v":2}');
    expect((await readAll(await store.read(key))).toString()).toBe('{"v":2}');
  });

  it('answers 404 for a validly signed GET of a missing key', async () => {
    const res = await send(await store.presignGet('datasets/u3/none/raw/x.csv'));
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('not_found');
  });

  it('serves parquet with its media type and a content-length', async () => {
    const key = 'datasets/u3/d4/processed/v1.parquet';
    await store.write(key, Buffer.from('PAR1....PAR1'));
    const res = await send(await store.presignGet(key));
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    expect(res.headers.get('content-length')).toBe('12');
  });

  it('fails its health check when the root is not a directory', async () => {
    const file = path.join(backend.root, 'datasets/u3/d4/processed/v1.parquet');
    const broken = new LocalBlobStore({ root: file, secret: 's' });
    await expect(broken.check()).rejects.toThrow();
  });
});

describe('S3 blob store against s3rver', () => {
  let backend: S3Backend;

  beforeAll(async () => {
    backend = await startS3Backend();
  });
  afterAll(async () => {
    await backend?.close();
  });

  it('signs content-type, content-length and If-None-Match: * into presigned PUTs', async () => {
    const put = await backend.makeStore().presignPut('datasets/u4/d1/raw/a.csv', { contentLength: 3 });
    expect(new URL(put.url).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host;if-none-match'
    );
    // S3 answers a second PUT with 412 only when the header comes along: the ticket hands it to the client.
    expect(put.headers['if-none-match']).toBe('*');
  });

  it('refuses a presigned PUT that leaves out the If-None-Match it was signed with', async () => {
    const store = backend.makeStore();
    const key = 'datasets/u4/d2/raw/a.csv';
    const put = await store.presignPut(key, { contentLength: 3 });
    const { 'if-none-match': _dropped, ...headers } = put.headers;
    const res = await fetch(put.url, { method: 'PUT', headers, body: 'a\n1' });
    expect(res.status).toBe(403);
    expect(await store.head(key)).toBeNull();
  });

  it('creates a missing bucket with ensureBucket, once', async () => {
    const store = backend.makeStore(undefined, 'pipeweave-extra');
    await expect(store.check()).rejects.toThrow();
    await store.ensureBucket();
    await store.ensureBucket();
    await expect(store.check()).resolves.toBeUndefined();
    expect(store.bucket).toBe('pipeweave-extra');
    expect(backend.makeStore().bucket).toBe(S3_TEST_BUCKET);
  });

  it('falls back to single deletes when DeleteObjects is unsupported', async () => {
    const store = backend.makeStore();
    const doomed = ['models/u4/m1/artifacts/a.pkl', 'models/u4/m1/metadata/b.json'];
    for (const key of [...doomed, 'models/u4/m2/artifacts/a.pkl']) await store.write(key, key);
    backend.gate.refuseBatchDelete = true;
    try {
      expect(await store.deletePrefix('models/u4/m1/')).toBe(2);
    } finally {
      backend.gate.refuseBatchDelete = false;
    }
    for (const key of doomed) expect(await store.head(key)).toBeNull();
    expect(await store.head('models/u4/m2/artifacts/a.pkl')).not.toBeNull();
  });
});
