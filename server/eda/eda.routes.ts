import { Router, type Request, type RequestHandler } from 'express';
import { currentUser, requireUser } from '../http/auth-guard';
import { send } from '../http/validate';
import type { EdaService } from './eda.service';

/** `limitRun`: the per-user limit on asking for reports (each scans the whole dataset). */
export function edaRoutes(
  service: EdaService,
  limitRun: RequestHandler = (_req, _res, next) => next()
): Router {
  const r = Router();
  r.use('/datasets/:id/eda', requireUser);

  r.post('/datasets/:id/eda', limitRun, async (req: Request<{ id: string }>, res) => {
    send(res, 'requestEda', { report: await service.request(currentUser(req).id, req.params.id) });
  });

  r.get('/datasets/:id/eda', async (req, res) => {
    send(res, 'latestEda', { report: await service.latest(currentUser(req).id, req.params.id) });
  });

  return r;
}
