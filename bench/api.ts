import autocannon from 'autocannon';
import { startChild } from './support/child';
import { freshDatabase } from './support/database';
import { registerUser } from './support/studio-client';
import { table, writeSection } from './support/report';

/**
 * Authenticated GET /api/workspaces under load, beside a bare node:http hello in the same run.
 * Each server runs in its own process; autocannon drives them from this one.
 * Target (2 cores): ≥ 3,000 req/s and p99 < 20 ms.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

function load(url: string, headers: Record<string, string> = {}): Promise<autocannon.Result> {
  return autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
}

async function main(): Promise<void> {
  const databaseUrl = await freshDatabase('pipeweave_bench');
  const api = await startChild('bench/support/api-server.ts', {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_PREFIX: 'pw-bench',
    PIPEWEAVE_DATA_DIR: '/tmp/pipeweave-bench'
  });
  const hello = await startChild('bench/support/hello-server.ts');
  try {
    const { cookie } = await registerUser(api.url, 'bench');
    const check = await fetch(`${api.url}/api/workspaces`, { headers: { cookie } });
    if (check.status !== 200) throw new Error(`warm-up failed: ${check.status}`);

    await load(`${hello.url}/`); // warm-up both, then measure
    const ref = await load(`${hello.url}/`);
    await load(`${api.url}/api/workspaces`, { cookie });
    const ours = await load(`${api.url}/api/workspaces`, { cookie });
    if (ours.non2xx > 0) throw new Error(`${ours.non2xx} non-2xx answers under load`);

    const row = (name: string, r: autocannon.Result) => [
      name,
      Math.round(r.requests.average).toLocaleString('en'),
      r.latency.p50,
      r.latency.p99,
      r.non2xx + r.errors
    ];
    const result = table(
      ['server', 'req/s (mean)', 'p50 ms', 'p99 ms', 'errors'],
      [row('bare node:http hello (reference)', ref), row('PipeWeave GET /api/workspaces (signed in)', ours)]
    );
    const verdict = `Target ≥ 3,000 req/s and p99 < 20 ms: **${
      ours.requests.average >= 3000 && ours.latency.p99 < 20 ? 'met' : 'not met'
    }** (${((ours.requests.average / ref.requests.average) * 100).toFixed(0)} % of the bare server's throughput).`;
    const body = `${CONNECTIONS} connections, ${DURATION} s per run after a warm-up run; each server in its own process, autocannon in a third.
Each PipeWeave request reads its session (Postgres via connect-pg-simple, through a per-process copy that every process drops via Redis as soon as the session changes or is deleted, re-read at least every 5 s), its user (cached for 2 s), and the workspaces with roles and member counts in one prepared query.

${result}

${verdict}`;
    console.log(body);
    writeSection('api', 'REST API under load (bench/api.ts)', 'npm run bench:api', body);
  } finally {
    await api.stop();
    await hello.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
