import { Router } from 'express';
import { NODE_TYPES } from '../../contracts/node-types';
import { pageQuery } from '../../contracts/pagination';
import {
  createPipelineBody,
  diffQuery,
  importPipelineBody,
  listPipelinesQuery,
  replaceConfigBody,
  restoreVersionBody,
  saveVersionBody,
  updatePipelineBody,
  versionParam
} from '../../contracts/pipeline';
import { currentUser, requireUser } from '../http/auth-guard';
import { parse } from '../http/validate';
import { attachmentDisposition } from '../storage/content-disposition';
import type { PipelineVersionService } from './pipeline-version.service';
import type { PipelineService } from './pipeline.service';

/** Mounted at /api: the node registry and /pipelines. */
export function pipelineRoutes(pipelines: PipelineService, versions: PipelineVersionService): Router {
  const r = Router();
  r.use(['/node-types', '/pipelines'], requireUser);

  r.get('/node-types', (_req, res) => {
    res.json(NODE_TYPES);
  });

  r.post('/pipelines', async (req, res) => {
    const pipeline = await pipelines.create(currentUser(req).id, parse(createPipelineBody, req.body));
    res.status(201).json({ pipeline });
  });

  r.post('/pipelines/import', async (req, res) => {
    const pipeline = await pipelines.import(currentUser(req).id, parse(importPipelineBody, req.body));
    res.status(201).json({ pipeline });
  });

  r.get('/pipelines', async (req, res) => {
    const { limit, cursor, ...filter } = parse(listPipelinesQuery, req.query, 'query');
    const page = await pipelines.list(currentUser(req).id, filter, { limit, cursor });
    res.json({ pipelines: page.items, nextCursor: page.nextCursor });
  });

  r.get('/pipelines/:id', async (req, res) => {
    res.json({ pipeline: await pipelines.get(currentUser(req).id, req.params.id) });
  });

  r.patch('/pipelines/:id', async (req, res) => {
    const body = parse(updatePipelineBody, req.body);
    res.json({ pipeline: await pipelines.update(currentUser(req).id, req.params.id, body) });
  });

  r.put('/pipelines/:id/config', async (req, res) => {
    const { config } = parse(replaceConfigBody, req.body);
    res.json({ pipeline: await pipelines.replaceConfig(currentUser(req).id, req.params.id, config) });
  });

  r.delete('/pipelines/:id', async (req, res) => {
    await pipelines.remove(currentUser(req).id, req.params.id);
    res.status(204).end();
  });

  r.post('/pipelines/:id/validate', async (req, res) => {
    res.json(await pipelines.validate(currentUser(req).id, req.params.id));
  });

  r.get('/pipelines/:id/validation', async (req, res) => {
    res.json(await pipelines.validation(currentUser(req).id, req.params.id));
  });

  r.get('/pipelines/:id/export', async (req, res) => {
    const { file, fileName } = await pipelines.export(currentUser(req).id, req.params.id);
    res.setHeader('Content-Disposition', attachmentDisposition(fileName));
    res.type('application/json').send(JSON.stringify(file, null, 2));
  });

  r.post('/pipelines/:id/versions', async (req, res) => {
    const { message } = parse(saveVersionBody, req.body ?? {});
    res.status(201).json({ version: await versions.save(currentUser(req).id, req.params.id, message) });
  });

  r.get('/pipelines/:id/versions', async (req, res) => {
    const page = await versions.list(
      currentUser(req).id,
      req.params.id,
      parse(pageQuery, req.query, 'query')
    );
    res.json({ versions: page.items, nextCursor: page.nextCursor });
  });

  r.get('/pipelines/:id/versions/:version', async (req, res) => {
    const version = parse(versionParam, req.params.version, 'version');
    res.json({ version: await versions.get(currentUser(req).id, req.params.id, version) });
  });

  r.get('/pipelines/:id/diff', async (req, res) => {
    const { from, to } = parse(diffQuery, req.query, 'query');
    res.json(await versions.diff(currentUser(req).id, req.params.id, from, to));
  });

  r.post('/pipelines/:id/restore', async (req, res) => {
    const { version } = parse(restoreVersionBody, req.body);
    res.json({ pipeline: await versions.restore(currentUser(req).id, req.params.id, version) });
  });

  return r;
}
