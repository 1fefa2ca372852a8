import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** Read as text: the repository has no YAML parser of its own, and these are line-level promises. */
const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');
const lines = compose.split('\n').filter((l) => !l.trimStart().startsWith('#'));

const valueOf = (name: string) =>
  lines.filter((l) => l.trimStart().startsWith(`${name}:`)).map((l) => l.split(/:\s*/).slice(1).join(':'));

describe('docker-compose.yml', () => {
  it.each([
    'SESSION_SECRET',
    'MINIO_ROOT_USER',
    'MINIO_ROOT_PASSWORD',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY'
  ])('takes %s from the environment and stops with a message when it is missing', (name) => {
    const values = valueOf(name);
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
  });

  it('publishes only the studio and the S3 API that browsers upload to', () => {
    const published = [...compose.matchAll(/ports:\s*\[([^\]]*)\]/g)].flatMap((m) =>
      m[1]!.split(',').map((p) => p.trim().replace(/'/g, ''))
    );
    expect(published.sort()).toEqual(['3000:3000', '9000:9000']);
    expect(compose).not.toMatch(/^\s*ports:\s*$/m); // no block-style lists this check would miss
  });

  it('keeps secrets out of command lines', () => {
    expect(compose).not.toMatch(/mc alias set \S+ \S+ (?!"\$\$)/);
  });
});
