import { describe, expect, it } from 'vitest';
import { AccessService } from '../../core/access/access.service';
import type { AccessRepository } from '../../data/access.repository';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../../contracts/errors';
import { MemoryWorkspaces } from './testing/memory-workspaces';
import type { WorkspaceRepository } from '../../data/workspace.repository';
import { WorkspaceService } from './workspace.service';

/** A team with an owner, an editor and a viewer; `revoked` records who the service announced. */
async function team() {
  const data = new MemoryWorkspaces();
  const revoked: string[] = [];
  const granted: string[] = [];
  const service = new WorkspaceService(
    data as unknown as WorkspaceRepository,
    new AccessService(data as unknown as AccessRepository),
    (userId) => revoked.push(userId),
    (userId, workspaceId) => granted.push(`${userId}@${workspaceId}`)
  );
  const [owner, editor, viewer, outsider] = ['olga', 'ed', 'vic', 'otto'].map((n) => data.person(n)) as [
    string,
    string,
    string,
    string
  ];
  const { id } = await service.create(owner, 'Team');
  await service.addMember(owner, id, 'ed@example.com', 'editor');
  await service.addMember(owner, id, 'vic@example.com', 'viewer');
  return { data, service, revoked, granted, id, owner, editor, viewer, outsider };
}

describe('workspace membership rules', () => {
  it('lets only the owner add members, and refuses unknown people and existing members', async () => {
    const { service, id, owner, editor, data } = await team();
    await expect(service.addMember(editor, id, 'otto@example.com', 'viewer')).rejects.toBeInstanceOf(
      Forbidden
    );
    await expect(service.addMember(owner, id, 'nobody@example.com', 'viewer')).rejects.toMatchObject({
      code: 'user_not_found'
    });
    await expect(service.addMember(owner, id, 'ed@example.com', 'viewer')).rejects.toBeInstanceOf(Conflict);
    expect(data.roleOf(id, editor)).toBe('editor');
  });

  it('announces each person added, once, so their open tabs list the workspace', async () => {
    const { service, granted, id, owner, editor, viewer, outsider } = await team();
    await expect(service.addMember(owner, id, 'ed@example.com', 'viewer')).rejects.toBeInstanceOf(Conflict);
    await expect(service.addMember(editor, id, 'otto@example.com', 'viewer')).rejects.toBeInstanceOf(
      Forbidden
    );
    expect(granted).toEqual([`${editor}@${id}`, `${viewer}@${id}`]);
    await service.addMember(owner, id, 'otto@example.com', 'viewer');
    expect(granted.at(-1)).toBe(`${outsider}@${id}`);
  });

  it('hides a workspace from someone outside it (404, not 403)', async () => {
    const { service, id, outsider } = await team();
    await expect(service.get(outsider, id)).rejects.toBeInstanceOf(NotFound);
    await expect(service.rename(outsider, id, 'Mine')).rejects.toBeInstanceOf(NotFound);
  });

  it("changes a member's role and tells live connections, but only when it changed", async () => {
    const { service, id, owner, viewer, revoked, data } = await team();
    await service.setRole(owner, id, viewer, 'editor');
    expect(data.roleOf(id, viewer)).toBe('editor');
    expect(revoked).toEqual([viewer]);
    await service.setRole(owner, id, viewer, 'editor');
    expect(revoked).toEqual([viewer]);
  });

  it("never changes the owner's role, and lets no one else change roles", async () => {
    const { service, id, owner, editor, viewer, revoked } = await team();
    await expect(service.setRole(owner, id, owner, 'viewer')).rejects.toMatchObject({
      code: 'owner_role_fixed'
    });
    await expect(service.setRole(editor, id, viewer, 'editor')).rejects.toBeInstanceOf(Forbidden);
    await expect(service.setRole(owner, id, 'not-a-uuid', 'editor')).rejects.toBeInstanceOf(NotFound);
    expect(revoked).toEqual([]);
  });

  it('lets a member leave and the owner remove anyone else, and tells live connections', async () => {
    const { service, id, owner, editor, viewer, revoked, data } = await team();
    await service.removeMember(viewer, id, viewer);
    await service.removeMember(owner, id, editor);
    expect(data.roleOf(id, viewer)).toBeUndefined();
    expect(data.roleOf(id, editor)).toBeUndefined();
    expect(revoked).toEqual([viewer, editor]);
  });

  it('refuses removing someone else unless owner, and the owner leaving', async () => {
    const { service, id, owner, editor, viewer, revoked, data } = await team();
    await expect(service.removeMember(editor, id, viewer)).rejects.toBeInstanceOf(Forbidden);
    const leaving = service.removeMember(owner, id, owner);
    await expect(leaving).rejects.toBeInstanceOf(InvalidInput);
    await expect(leaving).rejects.toMatchObject({ code: 'owner_cannot_leave' });
    expect(data.roleOf(id, viewer)).toBe('viewer');
    expect(revoked).toEqual([]);
  });

  it('shows members to every member, viewers included', async () => {
    const { service, id, viewer } = await team();
    const { workspace, members } = await service.get(viewer, id);
    expect(workspace.role).toBe('viewer');
    expect(members.map((m) => m.fullName)).toEqual(['olga', 'ed', 'vic']);
  });
});

describe('unlocking a member', () => {
  it("lets the owner or a superuser lift a member's lock, and nobody else", async () => {
    const { data, service, id, owner, editor, viewer, outsider } = await team();
    data.locked.add(viewer);
    await expect(service.unlockMember(editor, id, viewer)).rejects.toBeInstanceOf(Forbidden);
    await expect(service.unlockMember(outsider, id, viewer)).rejects.toBeInstanceOf(NotFound);
    expect(data.locked.has(viewer)).toBe(true);
    await expect(service.unlockMember(owner, id, viewer)).resolves.toMatchObject({ locked: false });
    expect(data.locked.has(viewer)).toBe(false);

    data.locked.add(editor);
    data.superusers.add(outsider);
    await expect(service.unlockMember(outsider, id, editor)).resolves.toMatchObject({ locked: false });
    // Only people of this workspace: the owner here cannot unlock someone who is not in it.
    const stranger = data.person('sam');
    data.locked.add(stranger);
    await expect(service.unlockMember(owner, id, stranger)).rejects.toBeInstanceOf(NotFound);
    expect(data.locked.has(stranger)).toBe(true);
  });
});
