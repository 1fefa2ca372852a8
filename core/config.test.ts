import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('config', () => {
  it('applies the contract defaults', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redis.url).toBeUndefined();
    expect(c.s3).toBeUndefined();
    expect(c.workers).toBe('inline');
    expect(c.dataDir).toMatch(/\.pipeweave$/);
  });

  it('turns S3 on with a bucket and reads every S3 variable', () => {
    const c = loadConfig({
      S3_BUCKET: 'pw',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'a',
      S3_SECRET_ACCESS_KEY: 'b',
      S3_FORCE_PATH_STYLE: 'false'
    });
    expect(c.s3).toEqual({
      bucket: 'pw',
      endpoint: 'http://127.0.0.1:9000',
      publicEndpoint: undefined,
      region: 'us-east-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      forcePathStyle: false
    });
  });

  it('names every bad variable at once', () => {
    const err = (() => {
      try {
        loadConfig({ PORT: 'abc', WORKERS: 'some', DATABASE_URL: 'not a url' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.issues.join('\n')).toMatch(/PORT/);
    expect(err!.issues.join('\n')).toMatch(/WORKERS/);
    expect(err!.issues.join('\n')).toMatch(/DATABASE_URL/);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: ' ', S3_BUCKET: '' }).s3).toBeUndefined();
  });

  it('reads TRUST_PROXY as a hop count or a list of proxy addresses, never every hop', () => {
    const trust = (v: string) => loadConfig({ TRUST_PROXY: v }).trustProxy;
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, loopback,fd00::/8,192.168.1.4')).toEqual([
      '10.0.0.0/8',
      'loopback',
      'fd00::/8',
      '192.168.1.4'
    ]);
    for (const bad of ['everyone', '10.0.0.0/33', '1.2.3', '10.0.0.1/8/2'])
      expect(() => trust(bad)).toThrow(/TRUST_PROXY: expected false, a number of proxy hops/);
  });
});
