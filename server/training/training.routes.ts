import { Router } from 'express';
import { API_ROUTES as R } from '../../contracts/api-routes';
import { parse } from '../../contracts/parse';
import { currentUser, requireUser } from '../http/auth-guard';
import { send } from '../http/validate';
import type { TrainingService } from './training.service';

/** Mounted at /api: POST /pipelines/:id/train and /jobs. */
export function trainingRoutes(training: TrainingService): Router {
  const r = Router();
  r.use(['/pipelines/:id/train', '/jobs'], requireUser);

  r.post('/pipelines/:id/train', async (req, res) => {
    const body = parse(R.trainPipeline.body, req.body ?? {});
    send(res, 'trainPipeline', { job: await training.train(currentUser(req).id, req.params.id, body) });
  });

  r.get('/jobs', async (req, res) => {
    const { limit, cursor, ...filter } = parse(R.listJobs.query, req.query, 'query');
    const page = await training.list(currentUser(req).id, filter, { limit, cursor });
    send(res, 'listJobs', { jobs: page.items, nextCursor: page.nextCursor });
  });

  r.get('/jobs/:id', async (req, res) => {
    send(res, 'getJob', { job: await training.get(currentUser(req).id, req.params.id) });
  });

  r.get('/jobs/:id/runs', async (req, res) => {
    send(res, 'listJobRuns', { runs: await training.runs(currentUser(req).id, req.params.id) });
  });

  r.post('/jobs/:id/cancel', async (req, res) => {
    send(res, 'cancelJob', { job: await training.cancel(currentUser(req).id, req.params.id) });
  });

  r.get('/jobs/:id/comments', async (req, res) => {
    const page = await training.comments(
      currentUser(req).id,
      req.params.id,
      parse(R.listJobComments.query, req.query, 'query')
    );
    send(res, 'listJobComments', { comments: page.items, nextCursor: page.nextCursor });
  });

  r.post('/jobs/:id/comments', async (req, res) => {
    const body = parse(R.addJobComment.body, req.body);
    send(res, 'addJobComment', {
      comment: await training.addComment(currentUser(req).id, req.params.id, body)
    });
  });

  return r;
}
