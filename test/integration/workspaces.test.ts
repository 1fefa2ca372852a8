import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberDto, WorkspaceDto } from '../../contracts/api';
import { signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

type List = { workspaces: WorkspaceDto[] };

describe('workspaces', () => {
  it('gives every new user exactly one personal workspace they own', async () => {
    const { client, user } = await signedInClient(srv.url, 'Grace Hopper');
    const res = await client.get<List>('/api/workspaces');
    expect(res.status).toBe(200);
    expect(res.body.workspaces).toHaveLength(1);
    expect(res.body.workspaces[0]).toMatchObject({
      name: "Grace's workspace",
      isPersonal: true,
      ownerId: user.id,
      role: 'owner',
      memberCount: 1
    });
  });

  it('creates team workspaces and lets the owner add, re-role and remove members', async () => {
    const owner = await signedInClient(srv.url, 'Olive Owner');
    const bob = await signedInClient(srv.url, 'Bob Builder');
    const created = await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', {
      name: 'Churn team'
    });
    expect(created.status).toBe(201);
    const ws = created.body.workspace;
    expect(ws).toMatchObject({ name: 'Churn team', isPersonal: false, role: 'owner' });

    const added = await owner.client.post<{ member: MemberDto }>(`/api/workspaces/${ws.id}/members`, {
      email: bob.email.toUpperCase(),
      role: 'viewer'
    });
    expect(added.status).toBe(201);
    expect(added.body.member).toMatchObject({ userId: bob.user.id, role: 'viewer' });
    expect(
      (await owner.client.post(`/api/workspaces/${ws.id}/members`, { email: bob.email, role: 'editor' }))
        .status
    ).toBe(409);

    const bobs = await bob.client.get<List>('/api/workspaces');
    expect(bobs.body.workspaces.find((w) => w.id === ws.id)).toMatchObject({
      role: 'viewer',
      memberCount: 2
    });

    // A viewer cannot manage members; that is a 403, since they can see the workspace.
    const sneaky = await bob.client.post(`/api/workspaces/${ws.id}/members`, {
      email: owner.email,
      role: 'editor'
    });
    expect(sneaky.status).toBe(403);

    const promoted = await owner.client.patch<{ member: MemberDto }>(
      `/api/workspaces/${ws.id}/members/${bob.user.id}`,
      { role: 'editor' }
    );
    expect(promoted.body.member.role).toBe('editor');
    const detail = await bob.client.get<{ members: MemberDto[] }>(`/api/workspaces/${ws.id}`);
    expect(detail.body.members.map((m) => m.role).sort()).toEqual(['editor', 'owner']);

    expect((await owner.client.delete(`/api/workspaces/${ws.id}/members/${bob.user.id}`)).status).toBe(204);
    expect((await bob.client.get(`/api/workspaces/${ws.id}`)).status).toBe(404);
  });

  it('lets a member leave but never the owner', async () => {
    const owner = await signedInClient(srv.url, 'Owen');
    const eve = await signedInClient(srv.url, 'Eve');
    const { body } = await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', {
      name: 'Leavers'
    });
    await owner.client.post(`/api/workspaces/${body.workspace.id}/members`, {
      email: eve.email,
      role: 'editor'
    });
    const ownerLeaves = await owner.client.delete(
      `/api/workspaces/${body.workspace.id}/members/${owner.user.id}`
    );
    expect(ownerLeaves.status).toBe(400);
    expect(ownerLeaves.body).toMatchObject({ error: { code: 'owner_cannot_leave' } });
    expect(
      (await eve.client.delete(`/api/workspaces/${body.workspace.id}/members/${eve.user.id}`)).status
    ).toBe(204);
    expect((await eve.client.get<List>('/api/workspaces')).body.workspaces).toHaveLength(1);
  });

  it("hides other users' workspaces behind 404, whatever the id looks like", async () => {
    const alice = await signedInClient(srv.url, 'Alice');
    const mallory = await signedInClient(srv.url, 'Mallory');
    const [aliceWs] = (await alice.client.get<List>('/api/workspaces')).body.workspaces;
    for (const path of [
      `/api/workspaces/${aliceWs!.id}`,
      '/api/workspaces/00000000-0000-4000-8000-000000000000',
      '/api/workspaces/not-a-uuid'
    ]) {
      const res = await mallory.client.get(path);
      expect(res.status, path).toBe(404);
      expect(res.body).toMatchObject({ error: { code: 'not_found' } });
    }
    const write = await mallory.client.post(`/api/workspaces/${aliceWs!.id}/members`, {
      email: mallory.email,
      role: 'editor'
    });
    expect(write.status).toBe(404);
    expect((await mallory.client.patch(`/api/workspaces/${aliceWs!.id}`, { name: 'mine now' })).status).toBe(
      404
    );
  });

  it('requires a session', async () => {
    const { ApiClient } = await import('../support/http-client');
    const res = await new ApiClient(srv.url).get('/api/workspaces');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
