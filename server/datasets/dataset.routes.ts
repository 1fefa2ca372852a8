import { Router, type Request, type RequestHandler } from 'express';
import { z } from 'zod';
import { createDatasetBody } from '../../contracts/api';
import { pageQuery } from '../../contracts/pagination';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../http/validate';
import type { DatasetService } from './dataset.service';

const listQuery = pageQuery.extend({ workspaceId: z.uuid().optional() });
const previewQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** `limitComplete`: the per-user limit on confirming uploads (each hashes a whole file). */
export function datasetRoutes(
  service: DatasetService,
  limitComplete: RequestHandler = (_req, _res, next) => next()
): Router {
  const r = Router();
  r.use(requireUser);

  r.post('/', async (req, res) => {
    res.status(201).json(await service.create(currentUser(req).id, parse(createDatasetBody, req.body)));
  });

  r.get('/', async (req, res) => {
    const { workspaceId, ...page } = parse(listQuery, req.query, 'query');
    const { items, nextCursor } = await service.list(currentUser(req).id, workspaceId, page);
    res.json({ datasets: items, nextCursor });
  });

  r.get('/:id', async (req, res) => {
    res.json({ dataset: await service.get(currentUser(req).id, req.params.id) });
  });

  r.post('/:id/complete', limitComplete, async (req: Request<{ id: string }>, res) => {
    res.status(202).json({ dataset: await service.complete(currentUser(req).id, req.params.id) });
  });

  r.get('/:id/preview', async (req, res) => {
    const { limit } = parse(previewQuery, req.query, 'query');
    res.json(await service.preview(currentUser(req).id, req.params.id, limit));
  });

  r.delete('/:id', async (req, res) => {
    await service.remove(currentUser(req).id, req.params.id);
    res.status(204).end();
  });

  return r;
}
