import { afterAll, describe, expect, inject, it } from 'vitest';
import { eventually, openDocument, personalWorkspace, type CollabClient } from '../support/collab';
import { spawnServer, type ServerProcess } from '../support/collab-process';
import { signedInClient } from '../support/http-client';
import { insertPipeline, keepWriting, keysFrom } from './collab-fault-support';

/** Both web processes share the database, Redis keys and session secret, as a restart would. */
const env = {
  DATABASE_URL: inject('databaseUrl'),
  REDIS_URL: inject('redisUrl'),
  REDIS_PREFIX: `pwt:${inject('runId')}:collab-web-kill`,
  SESSION_SECRET: 'collab-web-kill-test-secret',
  BCRYPT_COST: '4',
  LOG_LEVEL: 'fatal'
};
const servers: ServerProcess[] = [];
const clients: CollabClient[] = [];

afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all(servers.map((s) => s.stop()));
});

async function start(): Promise<ServerProcess> {
  const server = await spawnServer(env);
  servers.push(server);
  return server;
}

describe('collaboration when the web process is killed', () => {
  it('gives a fresh client after the restart every update the other editor had received', async () => {
    const web = await start();
    const alice = await signedInClient(web.url, 'Alice');
    const ws = await personalWorkspace(alice.client);
    const pipelineId = await insertPipeline(env.DATABASE_URL, alice.user.id, ws.id);
    const open = async (url: string) => {
      const c = await openDocument(url, pipelineId, alice.client.cookie);
      clients.push(c);
      return c;
    };
    const a = await open(web.url);
    const b = await open(web.url);
    const stopA = keepWriting(a, 'a');
    const stopB = keepWriting(b, 'b');
    await eventually(() => {
      expect(keysFrom(b.doc, 'a').length).toBeGreaterThan(80);
      expect(keysFrom(a.doc, 'b').length).toBeGreaterThan(80);
    }, 20_000);
    await web.kill();
    const seen = [...keysFrom(b.doc, 'a'), ...keysFrom(a.doc, 'b')];
    // Closed clients: nothing they hold can come back, only what the server stored counts.
    a.provider.destroy();
    b.provider.destroy();
    await Promise.all([stopA(), stopB()]);

    const restarted = await start();
    const fresh = await open(restarted.url);
    const missing = seen.filter((k) => !fresh.doc.getMap('meta').has(k));
    expect(missing, `${missing.length} of ${seen.length} received updates missing`).toEqual([]);
  }, 60_000);
});
