import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberDto, WorkspaceDto } from '../../contracts/api';
import { ApiClient, signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(() => srv.close());

async function lockOut(email: string) {
  const client = new ApiClient(srv.url);
  for (let i = 0; i < 5; i++) await client.post('/api/auth/login', { email, password: `wrong-${i}-pw` });
}

describe("lifting a member's sign-in lock", () => {
  it('lets the owner or a superuser unlock, refuses an editor and owners of other workspaces', async () => {
    const owner = await signedInClient(srv.url, 'Olive Owner');
    const eddie = await signedInClient(srv.url, 'Eddie Editor');
    const lena = await signedInClient(srv.url, 'Lena Locked');
    const other = await signedInClient(srv.url, 'Otto Other');
    const root = await signedInClient(srv.url, 'Sue Superuser');
    await srv.rt.sequelize.query('UPDATE users SET is_superuser = true WHERE id = :id', {
      replacements: { id: root.user.id }
    });
    const ws = (await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', { name: 'Team' }))
      .body.workspace;
    for (const [p, role] of [
      [eddie, 'editor'],
      [lena, 'viewer']
    ] as const)
      expect(
        (await owner.client.post(`/api/workspaces/${ws.id}/members`, { email: p.email, role })).status
      ).toBe(201);

    await lockOut(lena.email);
    expect(
      (await new ApiClient(srv.url).post('/api/auth/login', { email: lena.email, password: lena.password }))
        .status
    ).toBe(423);
    const members = await owner.client.get<{ members: MemberDto[] }>(`/api/workspaces/${ws.id}/members`);
    expect(members.body.members.find((m) => m.userId === lena.user.id)).toMatchObject({ locked: true });

    const unlock = (c: ApiClient) =>
      c.post<{ member: MemberDto }>(`/api/workspaces/${ws.id}/members/${lena.user.id}/unlock`, {});
    expect((await unlock(eddie.client)).status).toBe(403);
    expect((await unlock(other.client)).status).toBe(404);
    const done = await unlock(owner.client);
    expect(done.status).toBe(200);
    expect(done.body.member).toMatchObject({ userId: lena.user.id, locked: false });
    expect(
      (await new ApiClient(srv.url).post('/api/auth/login', { email: lena.email, password: lena.password }))
        .status
    ).toBe(200);

    // Unlocking forgets the failures but does not weaken the rule: five more wrong ones lock again.
    await lockOut(lena.email);
    expect(
      (await new ApiClient(srv.url).post('/api/auth/login', { email: lena.email, password: lena.password }))
        .status
    ).toBe(423);
    expect((await unlock(root.client)).status).toBe(200);
    expect(
      (await new ApiClient(srv.url).post('/api/auth/login', { email: lena.email, password: lena.password }))
        .status
    ).toBe(200);
  });
});
