import { Router, type Request, type RequestHandler } from 'express';
import { acceptDeductionBody, rejectDeductionBody } from '../../contracts/api';
import { pageQuery } from '../../contracts/pagination';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../http/validate';
import type { SchemaService } from './schema.service';

/** Mounted at /api: dataset-scoped reads and the deduction lifecycle. */
/** `limitDeduce`: the per-user limit on asking for deductions (each may call the language model). */
export function schemaRoutes(
  service: SchemaService,
  limitDeduce: RequestHandler = (_req, _res, next) => next()
): Router {
  const r = Router();
  r.use(['/datasets/:id/schema', '/schema-deductions'], requireUser);

  r.get('/datasets/:id/schema', async (req, res) => {
    res.json({ deduction: await service.latest(currentUser(req).id, req.params.id) });
  });

  r.get('/datasets/:id/schema/history', async (req, res) => {
    const query = parse(pageQuery, req.query, 'query');
    const page = await service.history(currentUser(req).id, req.params.id, query);
    res.json({ deductions: page.items, nextCursor: page.nextCursor });
  });

  r.post('/datasets/:id/schema/deduce', limitDeduce, async (req: Request<{ id: string }>, res) => {
    const queued = await service.requestDeduction(currentUser(req).id, req.params.id);
    // queued: false — a deduction for this dataset is already under way; its proposal will follow.
    res.status(202).json({ datasetId: req.params.id, queued });
  });

  r.post('/schema-deductions/:id/accept', async (req, res) => {
    const { proposedSchema } = parse(acceptDeductionBody, req.body ?? {});
    res.json({ deduction: await service.accept(currentUser(req).id, req.params.id, proposedSchema) });
  });

  r.post('/schema-deductions/:id/reject', async (req, res) => {
    const { reason } = parse(rejectDeductionBody, req.body);
    res.json({ deduction: await service.reject(currentUser(req).id, req.params.id, reason) });
  });

  return r;
}
