import { Router } from 'express';
import { currentUser, requireUser } from '../http/auth-guard';
import type { EdaService } from './eda.service';

export function edaRoutes(service: EdaService): Router {
  const r = Router();
  r.use('/datasets/:id/eda', requireUser);

  r.post('/datasets/:id/eda', async (req, res) => {
    res.status(202).json({ report: await service.request(currentUser(req).id, req.params.id) });
  });

  r.get('/datasets/:id/eda', async (req, res) => {
    res.json({ report: await service.latest(currentUser(req).id, req.params.id) });
  });

  return r;
}
