import type { Express, RequestHandler } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stdSerializers, type Level, type Logger } from 'pino';

declare module 'http' {
  interface IncomingMessage {
    id: number;
    /** A logger bound to this request; built on first use. */
    log: Logger;
  }
}

export interface RequestLogOptions {
  /** Requests not worth a line (probes, scrapes). */
  ignore?: (req: IncomingMessage) => boolean;
  /** The level of the line written when the response is done. */
  level: (req: IncomingMessage, res: ServerResponse) => Level;
}

let lastId = 0;

/**
 * One log line per request, in pino-http's shape (`req`, `res`, `responseTime`, "request
 * completed"), but nothing is serialised unless the line's level is enabled: most requests are
 * below the configured level, and building a request-bound child logger for each of them was a
 * good part of every API call's cost. `req.log` is still there for `app`'s requests, created when
 * something uses it (an accessor on the app's request prototype, so requests get no extra property).
 */
export function requestLogger(app: Express, logger: Logger, opts: RequestLogOptions): RequestHandler {
  const log = logger.child(
    {},
    { serializers: { req: stdSerializers.req, res: stdSerializers.res, err: stdSerializers.err } }
  );
  const bound = Symbol('req.log');
  type WithLog = IncomingMessage & { [bound]?: Logger };
  Object.defineProperty(app.request, 'log', {
    configurable: true,
    get(this: WithLog) {
      return (this[bound] ??= log.child({ req: this }));
    },
    set(this: WithLog, value: Logger) {
      this[bound] = value;
    }
  });

  return (req, res, next) => {
    const start = Date.now();
    req.id = lastId = (lastId + 1) & 0x7fffffff;
    if (!opts.ignore?.(req)) {
      // 'close' follows 'finish' for a completed response and also fires for an aborted one; it
      // fires once, so a plain listener does (cheaper than once()'s wrapper).
      res.on('close', () => {
        const level = opts.level(req, res);
        if (!log.isLevelEnabled(level)) return;
        const fields = { req, res, responseTime: Date.now() - start };
        if (!res.writableFinished) log[level](fields, 'request aborted');
        else if (res.statusCode >= 500)
          log[level](
            { ...fields, err: new Error(`failed with status code ${res.statusCode}`) },
            'request errored'
          );
        else log[level](fields, 'request completed');
      });
    }
    next();
  };
}
