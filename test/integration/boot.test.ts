import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort } from '../../core/platform/free-port';
import { ApiClient, uniqueEmail } from '../support/http-client';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeweave-boot-'));
let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `boot/start.ts` exactly as `npm start` does (minus the web build) and waits for its URL. */
async function boot(
  env: Record<string, string>
): Promise<{ url: string; proc: ChildProcess; output: () => string }> {
  const port = await freePort();
  const { DATABASE_URL: _omit, ...parentEnv } = process.env;
  const proc = spawn(process.execPath, ['--import', 'tsx', 'boot/start.ts'], {
    env: { ...parentEnv, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', BCRYPT_COST: '4', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  child = proc;
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 90 s:\n${out}`)), 90_000);
    proc.stdout!.on('data', () => {
      const m = out.match(/PipeWeave studio: (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
  return { url, proc, output: () => out };
}

const stop = (proc: ChildProcess, output: () => string) =>
  new Promise<string>((resolve) => {
    proc.once('exit', (code) => resolve(code === 0 ? 'exit 0' : `exit ${code}:\n${output()}`));
    proc.kill('SIGTERM');
  });

describe('npm start without DATABASE_URL', () => {
  const email = uniqueEmail('boot');

  it('brings up an embedded Postgres, serves /healthz and signs users up', async () => {
    const { url, proc, output } = await boot({ PIPEWEAVE_DATA_DIR: dataDir, REDIS_URL: inject('redisUrl') });
    const health = await new ApiClient(url).get('/healthz');
    expect(health.body).toEqual({ ok: true, db: 'ok', redis: 'ok', storage: 'ok' });
    const client = new ApiClient(url);
    expect(
      (await client.post('/api/auth/register', { email, password: 'persist me please', fullName: 'Boot' }))
        .status
    ).toBe(201);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    expect(await stop(proc, output)).toBe('exit 0');
    // Graceful shutdown stops the cluster too.
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  }, 120_000);

  it('keeps data and the session secret across restarts', async () => {
    const { url, proc, output } = await boot({ PIPEWEAVE_DATA_DIR: dataDir, REDIS_URL: inject('redisUrl') });
    const login = await new ApiClient(url).post('/api/auth/login', { email, password: 'persist me please' });
    expect(login.status).toBe(200);
    expect(await stop(proc, output)).toBe('exit 0');
  }, 120_000);

  it('recovers after being killed with SIGKILL', async () => {
    const first = await boot({ PIPEWEAVE_DATA_DIR: dataDir, REDIS_URL: inject('redisUrl') });
    first.proc.kill('SIGKILL');
    await new Promise((r) => first.proc.once('exit', r));
    const { url, proc, output } = await boot({ PIPEWEAVE_DATA_DIR: dataDir, REDIS_URL: inject('redisUrl') });
    expect(
      (await new ApiClient(url).post('/api/auth/login', { email, password: 'persist me please' })).status
    ).toBe(200);
    expect(await stop(proc, output)).toBe('exit 0');
  }, 120_000);

  it('uses DATABASE_URL when it is set and never creates an embedded cluster', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeweave-boot-ext-'));
    try {
      const { url, proc, output } = await boot({
        PIPEWEAVE_DATA_DIR: otherDir,
        REDIS_URL: inject('redisUrl'),
        DATABASE_URL: inject('databaseUrl'),
        LOG_LEVEL: 'info'
      });
      expect((await new ApiClient(url).get('/healthz')).body).toMatchObject({ ok: true });
      expect(output()).toMatch(/"database":"external"/);
      expect(fs.existsSync(path.join(otherDir, 'postgres'))).toBe(false);
      expect(await stop(proc, output)).toBe('exit 0');
    } finally {
      fs.rmSync(otherDir, { recursive: true, force: true });
    }
  }, 120_000);
});
