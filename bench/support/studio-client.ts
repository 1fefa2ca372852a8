import fs from 'node:fs';
import { startChild } from './child';
import { freshDatabase } from './database';

export type Api = (path: string, init?: RequestInit) => Promise<Response>;

/** The studio's web process with inline workers, on a fresh database and its own data directory. */
export async function startStudio(name: string, dataDir: string) {
  fs.rmSync(dataDir, { recursive: true, force: true });
  return startChild('bench/support/ingest-server.ts', {
    DATABASE_URL: await freshDatabase(`pipeweave_bench_${name}`),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `pw-bench-${name}-${Date.now()}`,
    PIPEWEAVE_DATA_DIR: dataDir
  });
}

/** Registers a fresh user; returns its session cookie and a JSON fetch signed in as it. */
export async function registerUser(url: string, label: string): Promise<{ cookie: string; api: Api }> {
  const reg = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({
      email: `${label}.${Date.now()}@example.test`,
      password: 'benchmark password',
      fullName: 'Bench'
    })
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status}`);
  const cookie = reg.headers.getSetCookie()[0]!.split(';')[0]!;
  const api: Api = (p, init = {}) =>
    fetch(`${url}${p}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) }
    });
  return { cookie, api };
}

/** Creates a dataset and uploads `csv` to its presigned URL; the caller completes it. */
export async function createAndUpload(api: Api, url: string, csv: string): Promise<string> {
  const size = fs.statSync(csv).size;
  const created = (await (
    await api('/api/datasets', {
      method: 'POST',
      body: JSON.stringify({ name: 'bench', fileName: 'bench.csv', fileSize: size })
    })
  ).json()) as { dataset: { id: string }; upload: { url: string; headers: Record<string, string> } };
  const put = await fetch(new URL(created.upload.url, url), {
    method: 'PUT',
    headers: { ...created.upload.headers, 'content-length': String(size) },
    body: fs.createReadStream(csv) as unknown as BodyInit,
    duplex: 'half'
  } as RequestInit);
  if (!put.ok) throw new Error(`upload failed: ${put.status}`);
  return created.dataset.id;
}
