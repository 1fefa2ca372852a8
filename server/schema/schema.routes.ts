import { Router, type Request, type RequestHandler } from 'express';
import { API_ROUTES as R } from '../../contracts/api-routes';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../../contracts/parse';
import { send } from '../http/validate';
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
    send(res, 'latestSchema', { deduction: await service.latest(currentUser(req).id, req.params.id) });
  });

  r.get('/datasets/:id/schema/history', async (req, res) => {
    const query = parse(R.schemaHistory.query, req.query, 'query');
    const page = await service.history(currentUser(req).id, req.params.id, query);
    send(res, 'schemaHistory', { deductions: page.items, nextCursor: page.nextCursor });
  });

  r.post('/datasets/:id/schema/deduce', limitDeduce, async (req: Request<{ id: string }>, res) => {
    const queued = await service.requestDeduction(currentUser(req).id, req.params.id);
    // queued: false — a deduction for this dataset is already under way; its proposal will follow.
    send(res, 'deduceSchema', { datasetId: req.params.id, queued });
  });

  r.post('/schema-deductions/:id/accept', async (req, res) => {
    const { proposedSchema } = parse(R.acceptDeduction.body, req.body ?? {});
    send(res, 'acceptDeduction', {
      deduction: await service.accept(currentUser(req).id, req.params.id, proposedSchema)
    });
  });

  r.post('/schema-deductions/:id/reject', async (req, res) => {
    const { reason } = parse(R.rejectDeduction.body, req.body);
    send(res, 'rejectDeduction', {
      deduction: await service.reject(currentUser(req).id, req.params.id, reason)
    });
  });

  return r;
}
