import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_LIMIT_MAX } from '../../contracts/pagination';
import { SchemaDeduction } from '../../models';
import { irisDataset, personalWorkspaceId, sharedWorkspace } from '../../server/pipelines/testing/fixtures';
import { ApiClient, signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

type Listed = Record<string, unknown> & { nextCursor: string | null };

/** Every item of `path`, `limit` at a time, and the number of pages it took. */
async function follow(client: ApiClient, path: string, key: string, limit: number) {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: { status: number; text: string; body: Listed } = await client.get<Listed>(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    );
    expect(res.status, res.text).toBe(200);
    const page = res.body[key] as Array<Record<string, unknown>>;
    expect(page.length).toBeLessThanOrEqual(limit);
    items.push(...page);
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { items, pages };
}

/** Gives rows one shared timestamp with microseconds, the case a millisecond cursor would get wrong. */
async function sameInstant(table: string, column: string, ids: string[]) {
  await srv.rt.sequelize.query(
    `UPDATE ${table} SET ${column} = '2026-01-02 03:04:05.123456+00' WHERE id IN (:ids)`,
    { replacements: { ids } }
  );
}

describe('cursor pagination', () => {
  it('pages through datasets newest first, each exactly once, even with equal timestamps', async () => {
    const { client, user } = await signedInClient(srv.url, 'Pia Pages');
    const workspaceId = await personalWorkspaceId(client);
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await irisDataset(user.id, workspaceId, { schema: 'none' }));
    await sameInstant(
      'datasets',
      'created_at',
      made.slice(1, 5).map((d) => d.id)
    );

    const whole = await client.get<Listed>(`/api/datasets?workspaceId=${workspaceId}`);
    expect(whole.body.nextCursor).toBeNull();
    const expected = (whole.body.datasets as Array<{ id: string }>).map((d) => d.id);
    expect([...expected].sort()).toEqual(made.map((d) => d.id).sort());

    const paged = await follow(client, `/api/datasets?workspaceId=${workspaceId}`, 'datasets', 2);
    expect(paged.items.map((d) => d.id)).toEqual(expected);
    expect(paged.pages).toBe(4);
  });

  it("pages through a dataset's schema history", async () => {
    const { client, user } = await signedInClient(srv.url, 'Sam Schema');
    const dataset = await irisDataset(user.id, await personalWorkspaceId(client), { schema: 'none' });
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(
        await SchemaDeduction.create({
          datasetId: dataset.id,
          userId: user.id,
          proposedSchema: { columns: [{ name: 'id', type: 'id', nullable: false }] },
          columnMetadata: {},
          confidenceScore: 0.5,
          agentVersion: 'heuristic-1',
          status: i === 4 ? 'proposed' : 'superseded',
          rejectionReason: null
        })
      );
    }
    await sameInstant(
      'schema_deductions',
      'created_at',
      made.slice(0, 3).map((d) => d.id)
    );
    const path = `/api/datasets/${dataset.id}/schema/history`;
    const whole = await client.get<Listed>(path);
    const expected = (whole.body.deductions as Array<{ id: string }>).map((d) => d.id);
    expect(new Set(expected)).toEqual(new Set(made.map((d) => d.id)));
    const paged = await follow(client, path, 'deductions', 2);
    expect(paged.items.map((d) => d.id)).toEqual(expected);
  });

  it('pages through pipelines and versions', async () => {
    const { client, user } = await signedInClient(srv.url, 'Pat Pipelines');
    const workspaceId = await personalWorkspaceId(client);
    const dataset = await irisDataset(user.id, workspaceId);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await client.post<{ pipeline: { id: string } }>('/api/pipelines', {
        name: `P${i}`,
        datasetId: dataset.id
      });
      ids.push(res.body.pipeline.id);
    }
    await sameInstant('pipelines', 'updated_at', ids.slice(0, 3));
    const whole = await client.get<Listed>(`/api/pipelines?workspaceId=${workspaceId}`);
    const expected = (whole.body.pipelines as Array<{ id: string }>).map((p) => p.id);
    const paged = await follow(client, `/api/pipelines?workspaceId=${workspaceId}`, 'pipelines', 2);
    expect(paged.items.map((p) => p.id)).toEqual(expected);
    expect(new Set(expected)).toEqual(new Set(ids));

    const pipelineId = ids[0]!;
    for (let i = 0; i < 4; i++) await client.post(`/api/pipelines/${pipelineId}/versions`, {});
    const versions = await follow(client, `/api/pipelines/${pipelineId}/versions`, 'versions', 2);
    expect(versions.items.map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(versions.pages).toBe(3);
  });

  it('pages through workspaces (personal first) and members (in joining order)', async () => {
    const owner = await signedInClient(srv.url, 'Owen Owner');
    const others = [];
    for (let i = 0; i < 3; i++) others.push(await signedInClient(srv.url, `Member ${i}`));
    const team = await sharedWorkspace(owner.client, others[0]!.user.email, 'viewer');
    for (const other of others.slice(1)) {
      await owner.client.post(`/api/workspaces/${team}/members`, { email: other.user.email, role: 'editor' });
    }
    for (const name of ['Beta', 'alpha', 'Gamma']) await owner.client.post('/api/workspaces', { name });

    const whole = await owner.client.get<Listed>('/api/workspaces');
    const expected = (whole.body.workspaces as Array<{ id: string; isPersonal: boolean }>).map((w) => w.id);
    expect(expected).toHaveLength(5);
    expect((whole.body.workspaces as Array<{ isPersonal: boolean }>)[0]!.isPersonal).toBe(true);
    const paged = await follow(owner.client, '/api/workspaces', 'workspaces', 2);
    expect(paged.items.map((w) => w.id)).toEqual(expected);

    const members = await follow(owner.client, `/api/workspaces/${team}/members`, 'members', 1);
    expect(members.items.map((m) => m.userId)).toEqual([owner.user.id, ...others.map((o) => o.user.id)]);
    // The workspace itself still lists its members, as before, with where to go on.
    const one = await owner.client.get<Listed>(`/api/workspaces/${team}`);
    expect((one.body.members as unknown[]).length).toBe(4);
    expect(one.body.membersNextCursor).toBeNull();
    // A viewer may read the members; a stranger learns nothing.
    expect((await others[0]!.client.get(`/api/workspaces/${team}/members`)).status).toBe(200);
    const stranger = await signedInClient(srv.url, 'Stranger');
    expect((await stranger.client.get(`/api/workspaces/${team}/members`)).status).toBe(404);
  });

  it('answers 400 to a limit out of range and to a cursor that is not one of the list', async () => {
    const { client } = await signedInClient(srv.url, 'Bad Cursor');
    for (const limit of ['0', String(PAGE_LIMIT_MAX + 1), '2.5', 'many']) {
      const res = await client.get(`/api/datasets?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect((res.body as { error: { code: string } }).error.code).toBe('invalid_input');
    }
    expect((await client.get(`/api/datasets?limit=${PAGE_LIMIT_MAX}`)).status).toBe(200);
    const foreign = Buffer.from(
      JSON.stringify({ l: 'workspaces', p: true, n: 'x', id: crypto.randomUUID() })
    ).toString('base64url');
    const forged = Buffer.from(
      JSON.stringify({ l: 'datasets', t: "'; DROP TABLE datasets; --", id: 'x' })
    ).toString('base64url');
    for (const cursor of ['%%%', 'bm90IGpzb24', foreign, forged]) {
      for (const path of ['/api/datasets', '/api/pipelines', '/api/workspaces']) {
        const res = await client.get(`${path}?cursor=${encodeURIComponent(cursor)}`);
        if (path === '/api/workspaces' && cursor === foreign) continue; // a real workspaces cursor
        expect(res.status, `${path} ${cursor}`).toBe(400);
        expect((res.body as { error: { code: string } }).error.code).toBe('invalid_cursor');
      }
    }
  });
});
