import { Router, type Request, type RequestHandler } from 'express';
import { API_ROUTES as R } from '../../contracts/api-routes';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../../contracts/parse';
import { send } from '../http/validate';
import type { DatasetService } from './dataset.service';

/** `limitComplete`: the per-user limit on confirming uploads (each hashes a whole file). */
export function datasetRoutes(
  service: DatasetService,
  limitComplete: RequestHandler = (_req, _res, next) => next()
): Router {
  const r = Router();
  r.use(requireUser);

  r.post('/', async (req, res) => {
    send(
      res,
      'createDataset',
      await service.create(currentUser(req).id, parse(R.createDataset.body, req.body))
    );
  });

  r.get('/', async (req, res) => {
    const { workspaceId, ...page } = parse(R.listDatasets.query, req.query, 'query');
    const { items, nextCursor } = await service.list(currentUser(req).id, workspaceId, page);
    send(res, 'listDatasets', { datasets: items, nextCursor });
  });

  r.get('/:id', async (req, res) => {
    send(res, 'getDataset', { dataset: await service.get(currentUser(req).id, req.params.id) });
  });

  r.post('/:id/complete', limitComplete, async (req: Request<{ id: string }>, res) => {
    send(res, 'completeDataset', { dataset: await service.complete(currentUser(req).id, req.params.id) });
  });

  r.post('/:id/revalidate', async (req: Request<{ id: string }>, res) => {
    const body = parse(R.revalidateDataset.body, req.body ?? {});
    send(res, 'revalidateDataset', {
      dataset: await service.revalidate(currentUser(req).id, req.params.id, body.read)
    });
  });

  r.get('/:id/preview', async (req, res) => {
    const { limit } = parse(R.previewDataset.query, req.query, 'query');
    send(res, 'previewDataset', await service.preview(currentUser(req).id, req.params.id, limit));
  });

  r.delete('/:id', async (req, res) => {
    await service.remove(currentUser(req).id, req.params.id);
    send(res, 'deleteDataset');
  });

  return r;
}
