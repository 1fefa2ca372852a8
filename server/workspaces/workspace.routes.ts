import { Router } from 'express';
import { API_ROUTES as R } from '../../contracts/api-routes';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../../contracts/parse';
import { send } from '../http/validate';
import type { WorkspaceService } from './workspace.service';

export function workspaceRoutes(service: WorkspaceService): Router {
  const r = Router();
  r.use(requireUser);

  r.get('/', async (req, res) => {
    const page = await service.list(currentUser(req).id, parse(R.listWorkspaces.query, req.query, 'query'));
    send(res, 'listWorkspaces', { workspaces: page.items, nextCursor: page.nextCursor });
  });

  r.post('/', async (req, res) => {
    const { name } = parse(R.createWorkspace.body, req.body);
    send(res, 'createWorkspace', { workspace: await service.create(currentUser(req).id, name) });
  });

  r.get('/:id', async (req, res) => {
    send(res, 'getWorkspace', await service.get(currentUser(req).id, req.params.id));
  });

  r.patch('/:id', async (req, res) => {
    const { name } = parse(R.renameWorkspace.body, req.body);
    send(res, 'renameWorkspace', {
      workspace: await service.rename(currentUser(req).id, req.params.id, name)
    });
  });

  r.get('/:id/members', async (req, res) => {
    const query = parse(R.listMembers.query, req.query, 'query');
    const page = await service.members(currentUser(req).id, req.params.id, query);
    send(res, 'listMembers', { members: page.items, nextCursor: page.nextCursor });
  });

  r.post('/:id/members', async (req, res) => {
    const { email, role } = parse(R.addMember.body, req.body);
    send(res, 'addMember', {
      member: await service.addMember(currentUser(req).id, req.params.id, email, role)
    });
  });

  r.patch('/:id/members/:userId', async (req, res) => {
    const { role } = parse(R.updateMember.body, req.body);
    send(res, 'updateMember', {
      member: await service.setRole(currentUser(req).id, req.params.id, req.params.userId, role)
    });
  });

  r.post('/:id/members/:userId/unlock', async (req, res) => {
    send(res, 'unlockMember', {
      member: await service.unlockMember(currentUser(req).id, req.params.id, req.params.userId)
    });
  });

  r.delete('/:id/members/:userId', async (req, res) => {
    await service.removeMember(currentUser(req).id, req.params.id, req.params.userId);
    send(res, 'removeMember');
  });

  return r;
}
