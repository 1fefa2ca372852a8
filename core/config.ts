import net from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Names Express accepts for address ranges in a 'trust proxy' list. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (PROXY_RANGE_NAMES.has(entry)) return true;
  const [ip, prefix, extra] = entry.split('/');
  const family = net.isIP(ip ?? '');
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Which proxies may set X-Forwarded-For, in Express 'trust proxy' terms: a hop count, or the
 * proxies' addresses and subnets. Trusting every hop would let any client pick its own address
 * (and so escape the per-address sign-in limit), so `true` means the one proxy in front.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    const value = v.toLowerCase();
    if (['', 'false', '0', 'no'].includes(value)) return false;
    if (value === 'true' || value === 'yes') return 1;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length === 0) return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        `expected false, a number of proxy hops (e.g. 1) or a comma-separated list of proxy ` +
        `addresses or subnets (e.g. 10.0.0.0/8,loopback); not ${bad.map((b) => JSON.stringify(b)).join(', ')}`
    });
    return z.NEVER;
  });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/** Every environment variable PipeWeave reads, parsed once at boot (the README’s configuration table; docs/API.md for behaviour). */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  PIPEWEAVE_DATA_DIR: z.string().default('./.pipeweave'),
  DATABASE_URL: optionalString.pipe(z.url().optional()),
  REDIS_URL: optionalString.pipe(z.url().optional()),
  REDIS_PREFIX: z.string().default('pw'),
  S3_ENDPOINT: optionalString,
  S3_PUBLIC_ENDPOINT: optionalString,
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: flag.default(true),
  SESSION_SECRET: optionalString,
  SESSION_MAX_AGE_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: z.string().default('gpt-4o-mini'),
  WORKERS: z.enum(['inline', 'none']).default('inline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  JOB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(30),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1024 ** 3),
  UPLOAD_URL_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(3600),
  TRUST_PROXY: trustProxy.default(false),
  METRICS_PORT: optionalString.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).optional()),
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional()
  ),
  DATASET_PURGE_AFTER_HOURS: z.coerce
    .number()
    .min(0)
    .default(24 * 7),
  EDA_INLINE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  COLLAB_UNLOAD_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  COLLAB_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  COLLAB_MESSAGES_PER_SECOND: z.coerce.number().positive().default(200),
  COLLAB_ACCESS_RECHECK_MS: z.coerce.number().int().min(100).default(60_000),
  TRAINING_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(1),
  TRAINING_THREADS: z.coerce.number().int().min(1).max(256).default(1),
  TRAINING_RETRIES: z.coerce.number().int().min(0).max(10).default(1),
  TRAINING_LOST_AFTER_MS: z.coerce.number().int().min(1000).default(8_000)
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  redis: { url: string | undefined; prefix: string };
  s3:
    | {
        endpoint: string | undefined;
        publicEndpoint: string | undefined;
        region: string;
        bucket: string;
        accessKeyId: string | undefined;
        secretAccessKey: string | undefined;
        forcePathStyle: boolean;
      }
    | undefined;
  session: { secret: string | undefined; maxAgeMs: number };
  openai: { apiKey: string | undefined; model: string };
  workers: Env['WORKERS'];
  logLevel: Env['LOG_LEVEL'];
  bcryptCost: number;
  authRateLimitPerMinute: number;
  /** Per user and minute: upload confirmations, schema deductions and EDA reports asked for, each. */
  jobRateLimitPerMinute: number;
  uploadMaxBytes: number;
  /** How long an upload link works; an upload must start (not finish) within it. */
  uploadUrlTtlSeconds: number;
  /** Express 'trust proxy': false, a hop count, or proxy addresses and subnets. */
  trustProxy: false | number | string[];
  /** /metrics: alone on its own port, and/or on the main port behind a bearer token; else not served. */
  metrics: { port: number | undefined; token: string | undefined };
  /**
   * Runs one process trains at once (0: this process trains nothing), threads per fit, how often a
   * run whose worker was lost is tried again, and how long a silent run counts as lost.
   */
  training: { concurrency: number; threads: number; retries: number; lostAfterMs: number };
  /** Soft-deleted datasets (and their blobs) are removed for good after this long. */
  datasetPurgeAfterHours: number;
  /** EDA reports below this size are kept in Postgres, larger ones in the blob store. */
  edaInlineMaxBytes: number;
  /** How long a collaborative document nobody has open stays loaded before it is unloaded. */
  collab: {
    unloadGraceMs: number;
    /** Largest collaboration WebSocket frame; bigger ones close the socket (1009). */
    maxFrameBytes: number;
    /** Sustained messages per second per connection (bursts of twice that pass). */
    messagesPerSecond: number;
    /** How often open connections' access is checked again. */
    accessRecheckMs: number;
  };
}

/** A configuration error names every bad variable at once, so a user fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  // S3 is all-or-nothing: a bucket turns it on, and then credentials must be complete.
  if (e.S3_BUCKET && Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(['S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together']);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    dataDir: path.resolve(e.PIPEWEAVE_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redis: { url: e.REDIS_URL, prefix: e.REDIS_PREFIX },
    s3: e.S3_BUCKET
      ? {
          endpoint: e.S3_ENDPOINT,
          publicEndpoint: e.S3_PUBLIC_ENDPOINT,
          region: e.S3_REGION,
          bucket: e.S3_BUCKET,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE
        }
      : undefined,
    session: { secret: e.SESSION_SECRET, maxAgeMs: e.SESSION_MAX_AGE_HOURS * 3600_000 },
    openai: { apiKey: e.OPENAI_API_KEY, model: e.OPENAI_MODEL },
    workers: e.WORKERS,
    logLevel: e.LOG_LEVEL,
    bcryptCost: e.BCRYPT_COST,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    jobRateLimitPerMinute: e.JOB_RATE_LIMIT_PER_MINUTE,
    uploadMaxBytes: e.UPLOAD_MAX_BYTES,
    uploadUrlTtlSeconds: e.UPLOAD_URL_TTL_SECONDS,
    trustProxy: e.TRUST_PROXY,
    metrics: { port: e.METRICS_PORT, token: e.METRICS_TOKEN },
    training: {
      concurrency: e.TRAINING_CONCURRENCY,
      threads: e.TRAINING_THREADS,
      retries: e.TRAINING_RETRIES,
      lostAfterMs: e.TRAINING_LOST_AFTER_MS
    },
    datasetPurgeAfterHours: e.DATASET_PURGE_AFTER_HOURS,
    edaInlineMaxBytes: e.EDA_INLINE_MAX_BYTES,
    collab: {
      unloadGraceMs: e.COLLAB_UNLOAD_GRACE_MS,
      maxFrameBytes: e.COLLAB_MAX_FRAME_BYTES,
      messagesPerSecond: e.COLLAB_MESSAGES_PER_SECOND,
      accessRecheckMs: e.COLLAB_ACCESS_RECHECK_MS
    }
  };
}
