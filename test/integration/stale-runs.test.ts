import crypto from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { createJobHandlers } from '../../jobs/job-handlers';
import type { JobName } from '../../core/queue/job-types';
import { DEFAULT_STUCK_JOB_OPTIONS, sweepStuckJobs, type StuckJobDeps } from '../../jobs/monitor/stuck-jobs';
import { Dataset, EdaReport } from '../../models';
import { OrphansRepository } from '../../data/orphans.repository';
import { OutboxRepository } from '../../data/outbox.repository';
import { eventually, personalWorkspace } from '../support/collab';
import { signedInClient, type ApiClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { rooms } from '../../contracts/realtime';

let srv: TestServer;
let deps: StuckJobDeps;
let removed: string[];
const sockets: Socket[] = [];

/** Thresholds far below the rows' ages, and far above anything other test files leave behind. */
const OPTIONS = {
  ...DEFAULT_STUCK_JOB_OPTIONS,
  lostAfterMs: 30_000,
  orphanAfterMs: 30 * 60_000,
  verifyingStaleMs: 30 * 60_000
};

beforeAll(async () => {
  srv = await startTestServer(); // no workers: the test plays the dead worker and runs the sweep itself
  removed = [];
  const prefix = srv.rt.config.redis.prefix;
  deps = {
    outbox: new OutboxRepository(srv.rt.sequelize, prefix),
    jobs: srv.rt.outbox,
    orphans: new OrphansRepository(srv.rt.sequelize),
    handlers: createJobHandlers(srv.rt),
    queues: {
      state: async () => 'queued',
      remove: async (_name, id) => void removed.push(id)
    },
    onVerifyingReleased: async () => {},
    log: srv.rt.log
  };
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await srv?.close();
});

async function watcher(client: ApiClient, room: string) {
  const socket = await connectSocket(srv.url, client.cookie);
  sockets.push(socket);
  expect(await socket.emitWithAck('subscribe', { room })).toEqual({ ok: true });
  const events: Array<[string, unknown]> = [];
  socket.onAny((event: string, payload: unknown) => events.push([event, payload]));
  return events;
}

async function datasetOf(client: ApiClient, extra: Record<string, unknown>) {
  const me = (await client.get<{ user: { id: string } }>('/api/auth/me')).body.user;
  const ws = await personalWorkspace(client);
  return Dataset.create({
    userId: me.id,
    workspaceId: ws.id,
    name: 'd.csv',
    description: null,
    s3Bucket: 'local',
    s3KeyRaw: `datasets/${me.id}/${crypto.randomUUID()}/raw/x.csv`,
    s3KeyProcessed: null,
    fileSizeBytes: 10,
    fileHashSha256: null,
    numRows: null,
    numColumns: null,
    columnNames: null,
    validationErrors: null,
    deletedAt: null,
    ...extra
  } as never);
}

/** An outbox row whose run began `agoMs` ago and whose worker then went silent. */
async function lostRun(jobName: JobName, subjectId: string, payload: object, agoMs = 120_000, stalls = 0) {
  const [row] = await srv.rt.sequelize.query<{ id: string }>(
    `INSERT INTO job_outbox (queue_prefix, job_name, subject_id, payload, dispatched_at, started_at, heartbeat_at, attempts, stalls)
     VALUES (:prefix, :jobName, :subjectId, :payload::jsonb, now() - :ago * interval '1 ms',
             now() - :ago * interval '1 ms', now() - :ago * interval '1 ms', 1, :stalls)
     RETURNING id`,
    {
      type: 'SELECT' as never,
      replacements: {
        prefix: srv.rt.config.redis.prefix,
        jobName,
        subjectId,
        payload: JSON.stringify(payload),
        ago: agoMs,
        stalls
      }
    }
  );
  return row!.id;
}

const rowOf = async (id: string) =>
  (
    await srv.rt.sequelize.query<{
      stalls: number;
      dispatched_at: Date | null;
      finished_at: Date | null;
      started_at: Date | null;
    }>('SELECT stalls, dispatched_at, finished_at, started_at FROM job_outbox WHERE id = :id', {
      type: 'SELECT' as never,
      replacements: { id }
    })
  )[0]!;

/** Makes the run that the sweep re-queued start and go silent again. */
async function loseAgain(id: string) {
  await srv.rt.sequelize.query(
    `UPDATE job_outbox SET started_at = now() - interval '2 minutes', heartbeat_at = now() - interval '2 minutes', dispatched_at = now() WHERE id = :id`,
    { replacements: { id } }
  );
}

describe('the stuck-job sweep', () => {
  it('re-queues a validation whose worker went silent, then fails it the second time and tells watchers', async () => {
    const { client } = await signedInClient(srv.url);
    const dataset = await datasetOf(client, { status: 'validating' });
    const events = await watcher(client, rooms.dataset(dataset.id));
    const id = await lostRun('dataset-validate', dataset.id, { datasetId: dataset.id });

    const first = await sweepStuckJobs(deps, OPTIONS);
    expect(first.requeued).toContain(id);
    expect(removed).toContain(id);
    expect(await rowOf(id)).toMatchObject({ stalls: 1, started_at: null, finished_at: null });

    await loseAgain(id);
    expect((await sweepStuckJobs(deps, OPTIONS)).failed).toContain(id);
    const after = (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${dataset.id}`)).body.dataset;
    expect(after.status).toBe('failed');
    expect(after.validationErrors?.[0]?.message).toMatch(/stopped twice/);
    expect((await rowOf(id)).finished_at).not.toBeNull();
    await eventually(() =>
      expect(events).toContainEqual(['dataset:status', expect.objectContaining({ status: 'failed' })])
    );
  });

  it('fails a running EDA report whose job is gone through the normal failure path', async () => {
    const { client } = await signedInClient(srv.url);
    const dataset = await datasetOf(client, { status: 'validated' });
    const events = await watcher(client, rooms.dataset(dataset.id));
    const report = await EdaReport.create({
      datasetId: dataset.id,
      userId: dataset.userId,
      reportVersion: '2',
      reportSizeBytes: null,
      storageLocation: null,
      fullReport: null,
      s3Bucket: null,
      s3Key: null,
      generationTimeSeconds: null,
      errorMessage: null,
      currentStep: 'Computing'
    });
    // Its job ran once and ended without settling it; then nothing touched the row for an hour.
    const job = await lostRun('eda-report', report.id, { reportId: report.id });
    await deps.outbox.finish(job, 'lost');
    await srv.rt.sequelize.query(
      `UPDATE eda_reports SET updated_at = now() - interval '1 hour' WHERE id = :id`,
      {
        replacements: { id: report.id }
      }
    );

    expect((await sweepStuckJobs(deps, OPTIONS)).orphansFailed).toContain(report.id);
    const after = (
      await client.get<{ report: { status: string; errorMessage?: string } }>(
        `/api/datasets/${dataset.id}/eda`
      )
    ).body.report;
    expect(after.status).toBe('failed');
    await eventually(() =>
      expect(events).toContainEqual([
        'eda:completed',
        expect.objectContaining({ reportId: report.id, status: 'failed', errorMessage: expect.any(String) })
      ])
    );
  });

  it('queues a validation for a dataset left uploaded with no job, once', async () => {
    const { client } = await signedInClient(srv.url);
    const dataset = await datasetOf(client, { status: 'uploaded' });
    await srv.rt.sequelize.query(
      `UPDATE datasets SET updated_at = now() - interval '1 hour' WHERE id = :id`,
      {
        replacements: { id: dataset.id }
      }
    );
    expect((await sweepStuckJobs(deps, OPTIONS)).orphansQueued).toContain(dataset.id);
    expect((await sweepStuckJobs(deps, OPTIONS)).orphansQueued).not.toContain(dataset.id); // its job is open now
  });

  it('tells watchers when a schema deduction is lost twice', async () => {
    const { client } = await signedInClient(srv.url);
    const dataset = await datasetOf(client, { status: 'validated' });
    const events = await watcher(client, rooms.dataset(dataset.id));
    const id = await lostRun(
      'schema-deduce',
      dataset.id,
      { datasetId: dataset.id, userId: dataset.userId },
      120_000,
      1
    );
    expect((await sweepStuckJobs(deps, OPTIONS)).failed).toContain(id);
    await eventually(() =>
      expect(events).toContainEqual([
        'schema:failed',
        expect.objectContaining({
          datasetId: dataset.id,
          errorMessage: expect.stringMatching(/stopped twice/)
        })
      ])
    );
  });

  it('gives a dataset whose verifying request died back to its uploader', async () => {
    const { client } = await signedInClient(srv.url);
    const dataset = await datasetOf(client, { status: 'verifying' });
    await srv.rt.sequelize.query(
      `UPDATE datasets SET updated_at = now() - interval '1 hour' WHERE id = :id`,
      {
        replacements: { id: dataset.id }
      }
    );
    expect((await sweepStuckJobs(deps, OPTIONS)).released).toContain(dataset.id);
    expect(
      (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${dataset.id}`)).body.dataset.status
    ).toBe('uploading');
  });
});
