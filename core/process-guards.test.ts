import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const GUARDS = path.resolve('core/process-guards.ts');

/** Runs `body` in a fresh Node process with the guards installed; returns its exit code and log. */
function run(body: string) {
  const script = `
    import { installProcessGuards } from ${JSON.stringify(GUARDS)};
    const log = { error: (o, m) => console.log('error', m, o.err?.message), fatal: (o, m) => console.log('fatal', m, o.err?.message) };
    installProcessGuards(log);
    ${body}`;
  const res = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 20_000
  });
  return { code: res.status, out: res.stdout };
}

describe('process guards', () => {
  it('logs an unhandled rejection and keeps the process running', () => {
    const { code, out } = run(`
      Promise.reject(new Error('lost promise'));
      setTimeout(() => { console.log('still serving'); process.exit(0); }, 50);`);
    expect(out).toMatch(/error unhandled promise rejection .* lost promise/);
    expect(out).toMatch(/still serving/);
    expect(code).toBe(0);
  });

  it('logs an uncaught exception and exits with 1', () => {
    const { code, out } = run(`
      setTimeout(() => { throw new Error('broken state'); }, 0);
      setTimeout(() => console.log('should not run'), 200);`);
    expect(out).toMatch(/fatal uncaught exception; exiting broken state/);
    expect(out).not.toMatch(/should not run/);
    expect(code).toBe(1);
  });
});
