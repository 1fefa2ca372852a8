import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { TrainingJobDto } from '../../contracts/training';
import { createDatabase } from '../../models';
import { signedInClient, type ApiClient } from '../support/http-client';
import { acceptedDataset, churnCsv, churnPipeline, createPipeline, waitForJob } from '../support/training';
import { privateRedis, sleep, spawnStudio, until, type PrivateRedis, type StudioProcess } from './processes';

/**
 * Training on real processes: a web process, a worker that only prepares datasets, and training
 * workers started, stopped and killed by the tests, all on one Postgres and a private Redis.
 */
let redis: PrivateRedis;
let web: StudioProcess;
let env: Record<string, string>;
let dataDir: string;
let client: ApiClient;
let quick: string;
let long: string;
const processes: StudioProcess[] = [];
const db = createDatabase(inject('databaseUrl'));

async function trainer(): Promise<StudioProcess> {
  const p = await spawnStudio('worker', { ...env, TRAINING_CONCURRENCY: '1' });
  processes.push(p);
  return p;
}

const train = async (pipelineId: string, body: Record<string, unknown> = {}) => {
  const res = await client.post<{ job: TrainingJobDto }>(`/api/pipelines/${pipelineId}/train`, body);
  expect(res.status, res.text).toBe(202);
  return res.body.job;
};

type Lease = { attempts: number; stalls: number; started_at: Date | null; last_error: string | null };
const leaseOf = async (jobId: string) =>
  (
    await db.query<Lease>(
      `SELECT attempts, stalls, started_at, last_error FROM job_outbox WHERE job_name = 'train-run' AND payload->>'jobId' = :jobId`,
      { replacements: { jobId }, type: 'SELECT' as never }
    )
  )[0]!;
const checksumOf = async (jobId: string) =>
  (
    await db.query<{ artifact_checksum: string }>(
      'SELECT artifact_checksum FROM models WHERE training_job_id = :jobId',
      { replacements: { jobId }, type: 'SELECT' as never }
    )
  )[0]?.artifact_checksum;
const running = (client: ApiClient, jobId: string) =>
  waitForJob(client, jobId, (j) => j.status === 'running' && /tree \d+/.test(j.currentStep ?? ''), 60_000);

beforeAll(async () => {
  redis = await privateRedis();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pw-fault-training-'));
  env = {
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: redis.url,
    REDIS_PREFIX: `pwt:${inject('runId')}:training-workers`,
    SESSION_SECRET: 'training-workers-test-session-secret',
    PIPEWEAVE_DATA_DIR: dataDir,
    BCRYPT_COST: '4',
    WORKERS: 'none',
    TRAINING_CONCURRENCY: '0',
    TRAINING_LOST_AFTER_MS: '4000'
  };
  // The dataset worker validates uploads and deduces schemas; it trains nothing.
  const [w, datasets] = await Promise.all([spawnStudio('web', env), spawnStudio('worker', env)]);
  web = w;
  processes.push(datasets);
  ({ client } = await signedInClient(web.url!, 'Fran Fault'));
  quick = await createPipeline(client, await acceptedDataset(client, churnCsv(300, 21)), churnPipeline());
  // About ten seconds of fitting on one thread: long enough to kill or cancel mid-fit.
  long = await createPipeline(
    client,
    await acceptedDataset(client, churnCsv(3000, 22)),
    churnPipeline({ n_estimators: 5000 })
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await web?.stop();
  await redis?.close();
  await db.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('training on worker processes', () => {
  let firstChecksum: string | undefined;

  it('starts a priority-9 job queued after three priority-1 jobs first, on one worker', async () => {
    const low = [];
    for (let i = 0; i < 3; i++) low.push(await train(quick, { priority: 1 }));
    const high = await train(quick, { priority: 9 });
    const worker = await trainer();
    const done = await Promise.all([...low, high].map((j) => waitForJob(client, j.id)));
    for (const j of done) expect(j.status, j.errorMessage ?? '').toBe('completed');
    const started = (j: TrainingJobDto) => Date.parse(j.startedAt!);
    const highDone = done.at(-1)!;
    for (const j of done.slice(0, 3)) expect(started(highDone)).toBeLessThan(started(j));
    // The three priority-1 jobs then ran oldest first.
    expect(done.slice(0, 3).map(started)).toEqual([...done.slice(0, 3).map(started)].sort((a, b) => a - b));
    firstChecksum = await checksumOf(highDone.id);
    expect(firstChecksum).toMatch(/^[0-9a-f]{64}$/);
    for (const j of done) expect(await checksumOf(j.id)).toBe(firstChecksum);
    await worker.stop();
  }, 120_000);

  it('gives the same artifact SHA-256 when another worker process trains the same snapshot', async () => {
    const other = await trainer();
    const job = await waitForJob(client, (await train(quick)).id);
    expect(job.status).toBe('completed');
    expect(await checksumOf(job.id)).toBe(firstChecksum);
    expect(other.alive()).toBe(true);
  }, 60_000);

  it('spreads the runs of one sweep over the idle workers', async () => {
    // Two workers training one run at a time: runs that overlap in time ran on different workers.
    const second = await trainer();
    const job = await waitForJob(
      client,
      (await train(long, { sweep: { 'forest.n_estimators': [600, 601, 602, 603] } })).id,
      undefined,
      120_000
    );
    expect(job.status, job.errorMessage ?? '').toBe('completed');
    const runs = await db.query<{ started_at: Date; completed_at: Date }>(
      `SELECT started_at, completed_at FROM experiment_runs WHERE training_job_id = :id ORDER BY started_at`,
      { replacements: { id: job.id }, type: 'SELECT' as never }
    );
    const overlapping = runs.some((a, i) => runs.slice(i + 1).some((b) => b.started_at < a.completed_at));
    expect(overlapping).toBe(true);
    await second.stop();
  }, 150_000);

  it('stops a running fit within 2 s of a cancel', async () => {
    const job = await train(long);
    await running(client, job.id);
    const asked = Date.now();
    const res = await client.post<{ job: TrainingJobDto }>(`/api/jobs/${job.id}/cancel`);
    expect(res.status).toBe(202);
    const ended = await waitForJob(client, job.id, (j) => j.status !== 'running', 10_000);
    const took = Date.now() - asked;
    expect(ended.status).toBe('cancelled');
    expect(took).toBeLessThan(2_000);
    const runs = await client.get<{ runs: { status: string }[] }>(`/api/jobs/${job.id}/runs`);
    expect(runs.body.runs.map((r) => r.status)).toEqual(['cancelled']);
    // The worker is free again: a quick job runs right after.
    expect((await waitForJob(client, (await train(quick)).id)).status).toBe('completed');
  }, 90_000);

  it('runs a job again when its worker is killed mid-fit, and fails it with a message when that happens twice', async () => {
    const job = await train(long);
    await running(client, job.id);
    const victim = processes.filter((p) => p.alive()).at(-1)!;
    const rescuer = await trainer();
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await until(async () => (await leaseOf(job.id)).stalls === 1, 30_000, 'the lost run taken over');
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    const again = await running(client, job.id);
    expect(again.status).toBe('running');

    // Killed a second time: the next worker fails it (one retry by default) instead of running it again.
    const last = await trainer();
    rescuer.child.kill('SIGKILL');
    const secondKill = Date.now();
    const failed = await waitForJob(client, job.id, (j) => j.status !== 'running', 30_000);
    expect(Date.now() - secondKill).toBeLessThan(30_000);
    expect(failed.status).toBe('failed');
    expect(failed.errorMessage).toMatch(/stopped responding/);
    expect(failed.completedAt).not.toBeNull();
    expect(last.alive()).toBe(true);
  }, 120_000);

  it('hands a run back when its worker stops gracefully, and another worker trains it without counting a loss', async () => {
    for (const p of processes.slice(1).filter((p) => p.alive())) await p.stop();
    const stopping = await trainer();
    const job = await train(long);
    await running(client, job.id);
    const next = await trainer();
    const stopped = Date.now();
    await stopping.stop();
    expect(Date.now() - stopped).toBeLessThan(10_000);
    const done = await waitForJob(client, job.id, undefined, 90_000);
    expect(done.status, done.errorMessage ?? '').toBe('completed');
    expect(await leaseOf(job.id)).toMatchObject({ stalls: 0, attempts: 2 });
    expect(next.alive()).toBe(true);
  }, 120_000);

  it('runs a job that waited through a Redis restart which lost every queued key', async () => {
    for (const p of processes.filter((p) => p.alive())) await p.stop();
    const job = await train(quick);
    await sleep(500);
    await redis.stop();
    await redis.start();
    const r = new Redis(redis.url);
    await r.flushall();
    r.disconnect();
    await Promise.all([trainer(), spawnStudio('worker', env).then((p) => processes.push(p))]);
    const done = await waitForJob(client, job.id, undefined, 60_000);
    expect(done.status, done.errorMessage ?? '').toBe('completed');
    expect(web.alive()).toBe(true);
  }, 120_000);
});
