import type { PassportInstance } from './auth/passport';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';

import { pinoHttp } from 'pino-http';
import { AccessRepository } from './access/access.repository';
import { AccessService } from './access/access.service';
import { authRoutes } from './auth/auth.routes';
import { AuthService } from './auth/auth.service';
import { createPassport } from './auth/passport';
import { createSessionMiddleware } from './auth/session';
import { UserRepository } from './auth/user.repository';
import { apiNotFound, errorHandler } from './http/error-handler';
import { authRateLimiter } from './http/rate-limit';
import { sameOrigin } from './http/same-origin';
import { healthEndpoint } from './ops/health';
import { createMetrics } from './ops/metrics';
import type { Runtime } from './runtime';
import { LocalBlobStore } from './storage/local.store';
import { createLocalBlobRouter } from './storage/local.routes';
import { WorkspaceRepository } from './workspaces/workspace.repository';
import { type AccessRevoked, WorkspaceService } from './workspaces/workspace.service';
import { workspaceRoutes } from './workspaces/workspace.routes';

export interface AppParts {
  app: express.Express;
  session: RequestHandler;
  passport: PassportInstance;
  access: AccessService;
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
  const users = new UserRepository(rt.sequelize);
  const auth = new AuthService(users, config.bcryptCost);
  const passport = createPassport(auth, users);
  const session = createSessionMiddleware({
    pool: rt.pgPool,
    secret: rt.secret,
    maxAgeMs: config.session.maxAgeMs,
    secureCookies: config.publicUrl?.startsWith('https:') ?? false
  });
  const workspaces = new WorkspaceService(new WorkspaceRepository(rt.sequelize), access, options.onAccessRevoked);
  const metrics = createMetrics();

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Vega renders charts from inline specs; SvelteKit injects a small inline boot script.
          'script-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'", 'ws:', 'wss:', ...(config.s3?.endpoint ? [config.s3.endpoint] : []), 'https:'],
          'upgrade-insecure-requests': null
        }
      },
      hsts: config.publicUrl?.startsWith('https:') ?? false
    })
  );
  app.use(
    pinoHttp({
      logger: rt.log,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug')
    })
  );
  app.use(metrics.measure);

  app.get(
    '/healthz',
    healthEndpoint({
      db: () => rt.sequelize.query('SELECT 1'),
      redis: () => rt.redis.ping(),
      storage: () => rt.store.check()
    })
  );
  app.get('/metrics', metrics.endpoint);
  if (rt.store instanceof LocalBlobStore) {
    app.use(createLocalBlobRouter(rt.store, { maxBytes: config.uploadMaxBytes }));
  }

  const api = express.Router();
  api.use(express.json({ limit: '5mb' }));
  api.use(sameOrigin);
  api.use(session);
  api.use(passport.session());
  api.use('/auth', authRoutes({ auth, passport, rateLimit: authRateLimiter(rt.redis, config.authRateLimitPerMinute, config.redis.prefix) }));
  api.use('/workspaces', workspaceRoutes(workspaces));
  api.use(apiNotFound);
  app.use('/api', api);

  if (options.webHandler) app.use(options.webHandler);
  app.use(errorHandler);
  return { app, session, passport, access };
}
