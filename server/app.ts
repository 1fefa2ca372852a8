import type { PassportInstance } from './auth/passport';
import express, { type RequestHandler } from 'express';
import { AccessRepository } from './access/access.repository';
import { AccessService } from './access/access.service';
import { authRoutes } from './auth/auth.routes';
import { AuthService } from './auth/auth.service';
import { createPassport, restoreUser } from './auth/passport';
import { createSessionMiddleware } from './auth/session';
import { SessionCache } from './auth/session-cache';
import { SessionRevocations } from './auth/session-revocations';
import { UserRepository } from './auth/user.repository';
import { DatasetRepository } from './datasets/dataset.repository';
import { datasetRoutes } from './datasets/dataset.routes';
import { DatasetService } from './datasets/dataset.service';
import { EdaRepository } from './eda/eda.repository';
import { edaRoutes } from './eda/eda.routes';
import { EdaService } from './eda/eda.service';
import { SchemaRepository } from './schema/schema.repository';
import { schemaRoutes } from './schema/schema.routes';
import { SchemaService } from './schema/schema.service';
import { apiNotFound, errorHandler } from './http/error-handler';
import { jobRateLimiters } from './http/job-rate-limit';
import { authRateLimiter } from './http/rate-limit';
import { requestLogger } from './http/request-log';
import { sameOrigin } from './http/same-origin';
import { securityHeaders } from './http/security-headers';
import { decodablePath } from './http/validate';
import { healthEndpoint } from './ops/health';
import { openApiEndpoint } from './openapi';
import type { Registry } from 'prom-client';
import { bearerGuard, createMetrics } from './ops/metrics';
import type { Runtime } from './runtime';
import { LocalBlobStore } from './storage/local.store';
import { createLocalBlobRouter } from './storage/local.routes';
import { WorkspaceRepository } from './workspaces/workspace.repository';
import { type AccessRevoked, WorkspaceService } from './workspaces/workspace.service';
import { workspaceRoutes } from './workspaces/workspace.routes';
import { DocServer } from '../collab/doc-server';
import { pipelineMaterializer } from './pipelines/materialize';
import { PipelineVersionRepository } from './pipelines/pipeline-version.repository';
import { PipelineVersionService } from './pipelines/pipeline-version.service';
import { PipelineRepository } from './pipelines/pipeline.repository';
import { pipelineRoutes } from './pipelines/pipeline.routes';
import { PipelineService } from './pipelines/pipeline.service';
import { PipelineInternals } from './pipelines/pipeline-internals';

export interface AppParts {
  app: express.Express;
  session: RequestHandler;
  passport: PassportInstance;
  access: AccessService;
  /** Collaborative documents: WebSocket rooms and the LiveDocuments REST writes through. */
  collab: DocServer;
  /** Signed-out or deactivated users: their live connections on every process are closed. */
  revocations: SessionRevocations;
  /** Every metric of this app; served by /metrics (token) or a METRICS_PORT listener. */
  metrics: Registry;
}

/**
 * Wires services into the Express app: security headers, logs, metrics, session, REST under /api,
 * the local blob store's signed URLs, then the SvelteKit handler for every other path.
 */
export function createApp(
  rt: Runtime,
  options: { webHandler?: RequestHandler; onAccessRevoked?: AccessRevoked } = {}
): AppParts {
  const { config } = rt;
  const access = new AccessService(new AccessRepository(rt.sequelize));
  const users = new UserRepository(rt.sequelize, rt.pgPool);
  const auth = new AuthService(users, config.bcryptCost);
  const passport = createPassport(auth, users);
  const session = createSessionMiddleware({
    pool: rt.pgPool,
    secret: rt.secret,
    maxAgeMs: config.session.maxAgeMs,
    secureCookies: config.publicUrl?.startsWith('https:') ?? false,
    cache: new SessionCache({
      redis: rt.redis,
      // Shared by every process on this database, like the rest of the Redis keys.
      channel: `${config.redis.prefix}:sessions:invalidate`,
      ttlMs: 5_000,
      log: rt.log
    })
  });
  const revocations = new SessionRevocations({
    redis: rt.redis,
    channel: `${config.redis.prefix}:sessions:revoked`,
    log: rt.log
  });
  const workspaces = new WorkspaceService(
    new WorkspaceRepository(rt.sequelize, rt.pgPool),
    access,
    options.onAccessRevoked
  );
  const datasets = new DatasetService({
    repo: new DatasetRepository(rt.sequelize),
    access,
    store: rt.store,
    outbox: rt.outbox,
    publisher: rt.publisher,
    uploadMaxBytes: config.uploadMaxBytes,
    uploadUrlSeconds: config.uploadUrlTtlSeconds
  });
  const schemas = new SchemaService({
    repo: new SchemaRepository(rt.sequelize),
    datasets: new DatasetRepository(rt.sequelize),
    access,
    outbox: rt.outbox,
    publisher: rt.publisher
  });
  const eda = new EdaService({
    repo: new EdaRepository(),
    datasets: new DatasetRepository(rt.sequelize),
    access,
    store: rt.store,
    outbox: rt.outbox
  });
  const metrics = createMetrics();
  const pipelineRepo = new PipelineRepository(rt.sequelize);
  const collab = new DocServer({
    pool: rt.collabPool,
    redis: rt.redis,
    redisPrefix: config.redis.prefix,
    access,
    log: rt.log,
    materialize: pipelineMaterializer(pipelineRepo, rt.publisher),
    unloadGraceMs: config.collab.unloadGraceMs,
    accessRecheckMs: config.collab.accessRecheckMs,
    limits: {
      maxFrameBytes: config.collab.maxFrameBytes,
      messagesPerSecond: config.collab.messagesPerSecond,
      messageBurst: 2 * config.collab.messagesPerSecond
    },
    metrics: metrics.registry
  });

  const pipelineDeps = {
    repo: pipelineRepo,
    datasets: new DatasetRepository(rt.sequelize),
    schemas: new SchemaRepository(rt.sequelize),
    access,
    live: collab,
    publisher: rt.publisher
  };
  // Unchecked pipeline operations: shared by the two services, never handed to routes.
  const pipelineInternals = new PipelineInternals(pipelineDeps);
  const pipelines = new PipelineService({ ...pipelineDeps, internals: pipelineInternals });
  const pipelineVersions = new PipelineVersionService({
    versions: new PipelineVersionRepository(pipelineRepo),
    pipelines: pipelineInternals,
    live: collab,
    publisher: rt.publisher
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
  return { app, session, passport, access, collab, revocations, metrics: metrics.registry };
}
