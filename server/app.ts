import { rooms } from '../contracts/realtime';
import express, { type RequestHandler } from 'express';
import { authRoutes } from './auth/auth.routes';
import { restoreUser } from '../core/auth/passport';
import type { AuthParts } from '../core/auth/auth-parts';
import type { LiveDocuments } from '../core/pipelines/live-documents';
import { datasetRoutes } from './datasets/dataset.routes';
import { DatasetService } from './datasets/dataset.service';
import { edaRoutes } from './eda/eda.routes';
import { EdaService } from './eda/eda.service';
import { schemaRoutes } from './schema/schema.routes';
import { SchemaService } from './schema/schema.service';
import { apiNotFound, errorHandler } from './http/error-handler';
import { jobRateLimiters } from './http/job-rate-limit';
import { authRateLimiter } from './http/rate-limit';
import { requestLogger } from './http/request-log';
import { sameOrigin } from '../core/http/same-origin';
import { securityHeaders } from './http/security-headers';
import { decodablePath } from './http/validate';
import { healthEndpoint } from './ops/health';
import { openApiEndpoint } from './openapi';
import { bearerGuard, type Metrics } from './ops/metrics';
import type { Runtime } from '../core/runtime';
import { LocalBlobStore } from '../core/storage/local.store';
import { createLocalBlobRouter } from '../core/storage/local.routes';
import { type AccessRevoked, WorkspaceService } from './workspaces/workspace.service';
import { workspaceRoutes } from './workspaces/workspace.routes';
import { PipelineVersionService } from './pipelines/pipeline-version.service';
import { pipelineRoutes } from './pipelines/pipeline.routes';
import { PipelineService } from './pipelines/pipeline.service';
import { PipelineInternals } from './pipelines/pipeline-internals';
import { trainingRoutes } from './training/training.routes';
import { TrainingService } from './training/training.service';
import { trainerWakeups } from '../core/training/trainer-wakeups';

export interface AppParts {
  app: express.Express;
}

/**
 * Wires services into the Express app: security headers, logs, metrics, session, REST under /api,
 * the local blob store's signed URLs, then the SvelteKit handler for every other path. `live`: the
 * collaborative documents REST writes through (collab/ provides them; this app never imports it).
 */
export function createApp(
  rt: Runtime,
  shared: { auth: AuthParts; live: LiveDocuments; metrics: Metrics },
  options: { webHandler?: RequestHandler; onAccessRevoked?: AccessRevoked } = {}
): AppParts {
  const { config, repos } = rt;
  const { access, auth, passport, session, revocations } = shared.auth;
  const { metrics, live } = shared;
  const workspaces = new WorkspaceService(repos.workspaces, access, options.onAccessRevoked, (userId, id) =>
    rt.publisher.emit(rooms.user(userId), 'workspace:joined', { workspaceId: id })
  );
  const datasets = new DatasetService({
    repo: repos.datasets,
    access,
    store: rt.store,
    outbox: rt.outbox,
    publisher: rt.publisher,
    uploadMaxBytes: config.uploadMaxBytes,
    uploadUrlSeconds: config.uploadUrlTtlSeconds
  });
  const schemas = new SchemaService({
    repo: repos.schemas,
    datasets: repos.datasets,
    access,
    outbox: rt.outbox,
    publisher: rt.publisher,
    eda: repos.eda
  });
  const eda = new EdaService({
    repo: repos.eda,
    datasets: repos.datasets,
    access,
    store: rt.store,
    outbox: rt.outbox,
    schemas: repos.schemas
  });

  const pipelineDeps = {
    repo: repos.pipelines,
    datasets: repos.datasets,
    schemas: repos.schemas,
    access,
    live,
    publisher: rt.publisher
  };
  // Unchecked pipeline operations: shared by the two services, never handed to routes.
  const pipelineInternals = new PipelineInternals(pipelineDeps);
  const pipelines = new PipelineService({ ...pipelineDeps, internals: pipelineInternals });
  const pipelineVersions = new PipelineVersionService({
    versions: repos.pipelineVersions,
    pipelines: pipelineInternals,
    live,
    publisher: rt.publisher
  });
  const training = new TrainingService({
    jobs: repos.trainingJobs,
    runs: repos.experimentRuns,
    datasets: repos.datasets,
    schemas: repos.schemas,
    versions: repos.pipelineVersions,
    access,
    live,
    outbox: rt.outbox,
    publisher: rt.publisher,
    pipelines: pipelineInternals,
    wakeTrainers: trainerWakeups(rt.redis, config.redis.prefix)
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    securityHeaders({
      contentSecurityPolicy: {
        directives: {
          // Vega renders charts from inline specs; SvelteKit injects a small inline boot script.
          'script-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': [
            "'self'",
            'ws:',
            'wss:',
            ...(config.s3
              ? [config.s3.publicEndpoint ?? config.s3.endpoint].filter((e): e is string => !!e)
              : []),
            'https:'
          ],
          'upgrade-insecure-requests': null
        }
      },
      hsts: config.publicUrl?.startsWith('https:') ?? false
    })
  );
  app.use(
    requestLogger(app, rt.log, {
      ignore: (req) => req.url === '/healthz' || req.url === '/metrics',
      level: (_req, res) => (res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug')
    })
  );
  app.use(metrics.instrument(app));
  app.use(decodablePath);

  // The API first: its requests are the hot path and need not be matched against the routes below.
  const api = express.Router();
  // Public and session-free: the document is the same for everyone.
  api.get('/openapi.json', openApiEndpoint());
  const json = express.json({ limit: '5mb' });
  // Reads carry no body; they skip the parser, which would only find that out.
  api.use((req, res, next) =>
    req.method === 'GET' || req.method === 'HEAD' ? next() : json(req, res, next)
  );
  api.use(sameOrigin);
  api.use(session);
  api.use(restoreUser(app, passport));
  api.use(
    '/auth',
    authRoutes({
      auth,
      passport,
      rateLimit: authRateLimiter(rt.redis, config.authRateLimitPerMinute, config.redis.prefix),
      revocations
    })
  );
  api.use('/workspaces', workspaceRoutes(workspaces));
  const limits = jobRateLimiters(rt.redis, config.jobRateLimitPerMinute, config.redis.prefix);
  api.use(schemaRoutes(schemas, limits.deduce));
  api.use(edaRoutes(eda, limits.eda));
  api.use('/datasets', datasetRoutes(datasets, limits.complete));
  api.use(pipelineRoutes(pipelines, pipelineVersions));
  api.use(trainingRoutes(training));
  api.use(apiNotFound);
  app.use('/api', api);

  app.get(
    '/healthz',
    healthEndpoint({
      db: () => rt.sequelize.query('SELECT 1'),
      redis: () => rt.redis.ping(),
      storage: () => rt.store.check()
    })
  );
  // Never public: behind METRICS_TOKEN here, or alone on METRICS_PORT (started by the HTTP server).
  if (config.metrics.token) app.get('/metrics', bearerGuard(config.metrics.token), metrics.endpoint);
  if (rt.store instanceof LocalBlobStore) {
    app.use(createLocalBlobRouter(rt.store, { maxBytes: config.uploadMaxBytes }));
  }

  if (options.webHandler) app.use(options.webHandler);
  app.use(errorHandler);
  return { app };
}
