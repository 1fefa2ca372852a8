import type { RequestHandler } from 'express';

export type Probe = () => Promise<unknown>;

const TIMEOUT_MS = 2_000;

/** GET /healthz: `{ok, db, redis, storage}`, each "ok" or "down: <reason>"; 503 when any is down. */
export function healthEndpoint(probes: { db: Probe; redis: Probe; storage: Probe }): RequestHandler {
  return async (_req, res) => {
    const entries = await Promise.all(
      Object.entries(probes).map(async ([name, probe]) => [name, await run(probe)] as const)
    );
    const ok = entries.every(([, v]) => v === 'ok');
    res.status(ok ? 200 : 503).json({ ok, ...Object.fromEntries(entries) });
  };
}

async function run(probe: Probe): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), TIMEOUT_MS)))
    ]);
    return 'ok';
  } catch (err) {
    return `down: ${(err as Error).message}`;
  } finally {
    clearTimeout(timer);
  }
}
