import { Router } from 'express';
import { NODE_TYPES } from '../../contracts/node-types';
import { API_ROUTES as R } from '../../contracts/api-routes';
import { versionParam } from '../../contracts/pipeline';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../../contracts/parse';
import { send } from '../http/validate';
import { attachmentDisposition } from '../../core/storage/content-disposition';
import type { PipelineVersionService } from './pipeline-version.service';
import type { PipelineService } from './pipeline.service';

/** Mounted at /api: the node registry and /pipelines. */
export function pipelineRoutes(pipelines: PipelineService, versions: PipelineVersionService): Router {
  const r = Router();
  r.use(['/node-types', '/pipelines'], requireUser);

  r.get('/node-types', (_req, res) => {
    send(res, 'nodeTypes', NODE_TYPES);
  });

  r.post('/pipelines', async (req, res) => {
    const pipeline = await pipelines.create(currentUser(req).id, parse(R.createPipeline.body, req.body));
    send(res, 'createPipeline', { pipeline });
  });

  r.post('/pipelines/import', async (req, res) => {
    const pipeline = await pipelines.import(currentUser(req).id, parse(R.importPipeline.body, req.body));
    send(res, 'importPipeline', { pipeline });
  });

  r.get('/pipelines', async (req, res) => {
    const { limit, cursor, ...filter } = parse(R.listPipelines.query, req.query, 'query');
    const page = await pipelines.list(currentUser(req).id, filter, { limit, cursor });
    send(res, 'listPipelines', { pipelines: page.items, nextCursor: page.nextCursor });
  });

  r.get('/pipelines/:id', async (req, res) => {
    send(res, 'getPipeline', { pipeline: await pipelines.get(currentUser(req).id, req.params.id) });
  });

  r.patch('/pipelines/:id', async (req, res) => {
    const body = parse(R.updatePipeline.body, req.body);
    send(res, 'updatePipeline', {
      pipeline: await pipelines.update(currentUser(req).id, req.params.id, body)
    });
  });

  r.put('/pipelines/:id/config', async (req, res) => {
    const { config } = parse(R.replaceConfig.body, req.body);
    send(res, 'replaceConfig', {
      pipeline: await pipelines.replaceConfig(currentUser(req).id, req.params.id, config)
    });
  });

  r.delete('/pipelines/:id', async (req, res) => {
    await pipelines.remove(currentUser(req).id, req.params.id);
    send(res, 'deletePipeline');
  });

  r.post('/pipelines/:id/validate', async (req, res) => {
    send(res, 'validatePipeline', await pipelines.validate(currentUser(req).id, req.params.id));
  });

  r.get('/pipelines/:id/validation', async (req, res) => {
    send(res, 'pipelineValidation', await pipelines.validation(currentUser(req).id, req.params.id));
  });

  r.get('/pipelines/:id/export', async (req, res) => {
    const { file, fileName } = await pipelines.export(currentUser(req).id, req.params.id);
    res.setHeader('Content-Disposition', attachmentDisposition(fileName));
    res.type('application/json').send(JSON.stringify(file, null, 2));
  });

  r.post('/pipelines/:id/versions', async (req, res) => {
    const { message } = parse(R.saveVersion.body, req.body ?? {});
    send(res, 'saveVersion', { version: await versions.save(currentUser(req).id, req.params.id, message) });
  });

  r.get('/pipelines/:id/versions', async (req, res) => {
    const page = await versions.list(
      currentUser(req).id,
      req.params.id,
      parse(R.listVersions.query, req.query, 'query')
    );
    send(res, 'listVersions', { versions: page.items, nextCursor: page.nextCursor });
  });

  r.get('/pipelines/:id/versions/:version', async (req, res) => {
    const version = parse(versionParam, req.params.version, 'version');
    send(res, 'getVersion', { version: await versions.get(currentUser(req).id, req.params.id, version) });
  });

  r.get('/pipelines/:id/diff', async (req, res) => {
    const { from, to } = parse(R.diffPipeline.query, req.query, 'query');
    send(res, 'diffPipeline', await versions.diff(currentUser(req).id, req.params.id, from, to));
  });

  r.post('/pipelines/:id/restore', async (req, res) => {
    const { version } = parse(R.restoreVersion.body, req.body);
    send(res, 'restoreVersion', {
      pipeline: await versions.restore(currentUser(req), req.params.id, version)
    });
  });

  return r;
}
