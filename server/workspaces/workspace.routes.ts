import { Router } from 'express';
import {
  addMemberBody,
  createWorkspaceBody,
  renameWorkspaceBody,
  updateMemberBody
} from '../../contracts/api';
import { pageQuery } from '../../contracts/pagination';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../http/validate';
import type { WorkspaceService } from './workspace.service';

export function workspaceRoutes(service: WorkspaceService): Router {
  const r = Router();
  r.use(requireUser);

  r.get('/', async (req, res) => {
    const page = await service.list(currentUser(req).id, parse(pageQuery, req.query, 'query'));
    res.json({ workspaces: page.items, nextCursor: page.nextCursor });
  });

  r.post('/', async (req, res) => {
    const { name } = parse(createWorkspaceBody, req.body);
    res.status(201).json({ workspace: await service.create(currentUser(req).id, name) });
  });

  r.get('/:id', async (req, res) => {
    res.json(await service.get(currentUser(req).id, req.params.id));
  });

  r.patch('/:id', async (req, res) => {
    const { name } = parse(renameWorkspaceBody, req.body);
    res.json({ workspace: await service.rename(currentUser(req).id, req.params.id, name) });
  });

  r.get('/:id/members', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const page = await service.members(currentUser(req).id, req.params.id, query);
    res.json({ members: page.items, nextCursor: page.nextCursor });
  });

  r.post('/:id/members', async (req, res) => {
    const { email, role } = parse(addMemberBody, req.body);
    res
      .status(201)
      .json({ member: await service.addMember(currentUser(req).id, req.params.id, email, role) });
  });

  r.patch('/:id/members/:userId', async (req, res) => {
    const { role } = parse(updateMemberBody, req.body);
    res.json({ member: await service.setRole(currentUser(req).id, req.params.id, req.params.userId, role) });
  });

  r.delete('/:id/members/:userId', async (req, res) => {
    await service.removeMember(currentUser(req).id, req.params.id, req.params.userId);
    res.status(204).end();
  });

  return r;
}
