import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createPipeline,
  eventually,
  openDocument,
  personalWorkspace,
  type CollabClient
} from '../support/collab';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

/** Two processes of one deployment (shared Redis prefix), re-checking access every 200 ms. */
const shared = {
  REDIS_PREFIX: `pwt:${inject('runId')}:collab-access`,
  SESSION_SECRET: 'collab-access-test-secret',
  COLLAB_ACCESS_RECHECK_MS: '200'
};
let one: TestServer;
let two: TestServer;
const clients: CollabClient[] = [];
beforeAll(async () => {
  [one, two] = await Promise.all([startTestServer(shared), startTestServer(shared)]);
});
afterAll(async () => {
  for (const c of clients) c.destroy();
  await Promise.all([one.close(), two.close()]);
});

async function open(srv: TestServer, pipelineId: string, cookie: string): Promise<CollabClient> {
  const client = await openDocument(srv.url, pipelineId, cookie);
  clients.push(client);
  return client;
}

const closedWith = (c: CollabClient) =>
  new Promise<number>((resolve) => c.provider.once('closed', (e: { code: number }) => resolve(e.code)));

async function team() {
  const owner = await signedInClient(one.url, 'Owner');
  const bob = await signedInClient(one.url, 'Bob');
  const ws = await personalWorkspace(owner.client);
  await owner.client.post(`/api/workspaces/${ws.id}/members`, { email: bob.email, role: 'editor' });
  const pipeline = await createPipeline(owner.user.id, ws.id);
  return { owner, bob, ws, pipeline };
}

describe('collaboration access over time', () => {
  it('applies a role change nobody announced: read-only after a lowered role, closed after removal', async () => {
    const { bob, ws, pipeline } = await team();
    const tab = await open(one, pipeline.id, bob.client.cookie);
    // Straight in the database: no process announces it, only the periodic check can notice.
    const setRole = (sql: string) => one.rt.pgPool.query(sql, [ws.id, bob.user.id]);
    await setRole(`UPDATE workspace_members SET role = 'viewer' WHERE workspace_id = $1 AND user_id = $2`);
    await eventually(() => expect(tab.denied.length).toBeGreaterThan(0), 5_000);
    tab.doc.getMap('meta').set('description', 'as a viewer');
    await new Promise((r) => setTimeout(r, 300));
    expect((await one.web.collab.readConfig(pipeline.id)).nodes).toEqual([]);
    const { rows } = await one.rt.pgPool.query('SELECT description FROM pipelines WHERE id = $1', [
      pipeline.id
    ]);
    expect(rows[0].description).toBeNull();

    const closed = closedWith(tab);
    await setRole('DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2');
    expect(await closed).toBe(4403);
  });

  it("closes every connection of a signed-out user on every process (4401), and nobody else's", async () => {
    const { owner, bob, pipeline } = await team();
    const bobHere = await open(one, pipeline.id, bob.client.cookie);
    const bobThere = await open(two, pipeline.id, bob.client.cookie);
    const ownerTab = await open(two, pipeline.id, owner.client.cookie);
    const codes = Promise.all([closedWith(bobHere), closedWith(bobThere)]);
    await one.web.collab.closePeersOfUser(bob.user.id);
    expect(await codes).toEqual([4401, 4401]);
    ownerTab.doc.getMap('meta').set('description', 'still editing');
    await eventually(async () => {
      const { rows } = await one.rt.pgPool.query('SELECT description FROM pipelines WHERE id = $1', [
        pipeline.id
      ]);
      expect(rows[0].description).toBe('still editing');
    });
    expect(ownerTab.provider.wsconnected).toBe(true);
  });
});
