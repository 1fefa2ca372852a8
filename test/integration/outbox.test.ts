import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatasetDto } from '../../contracts/api';
import { outboxRows, uploaded } from '../support/outbox';
import { type ApiClient, signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

describe('concurrent completes', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer(); // no workers: the job stays queued where the test can count it
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await srv?.close();
  });

  it('hash the upload once and queue one validation', async () => {
    const { client } = await signedInClient(srv.url);
    const id = await uploaded(client);
    const reads = vi.spyOn(srv.rt.store, 'read');
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => client.post<{ dataset: DatasetDto }>(`/api/datasets/${id}/complete`))
    );
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(202));
    expect(answers.map((a) => a.body.dataset.status)).toContain('uploaded');
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await outboxRows(srv.rt.sequelize, id)).toHaveLength(1);
    // A later retry (a client that never saw its answer) changes nothing either.
    expect((await client.post(`/api/datasets/${id}/complete`)).status).toBe(202);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(await outboxRows(srv.rt.sequelize, id)).toHaveLength(1);
  });
});

describe('a verifying request that died', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.close());

  it('is taken over by the next complete once it has been silent for a minute', async () => {
    const { client } = await signedInClient(srv.url);
    const id = await uploaded(client);
    const setVerifying = (ago: string) =>
      srv.rt.sequelize.query(
        `UPDATE datasets SET status = 'verifying', updated_at = now() - :ago::interval WHERE id = :id`,
        { replacements: { id, ago } }
      );
    await setVerifying('10 seconds'); // still hashing somewhere: left alone
    const busy = await client.post<{ dataset: DatasetDto }>(`/api/datasets/${id}/complete`);
    expect(busy.body.dataset.status).toBe('verifying');
    expect(await outboxRows(srv.rt.sequelize, id)).toHaveLength(0);

    await setVerifying('2 minutes');
    const taken = await client.post<{ dataset: DatasetDto }>(`/api/datasets/${id}/complete`);
    expect(taken.status).toBe(202);
    expect(taken.body.dataset.status).toBe('uploaded');
    expect(await outboxRows(srv.rt.sequelize, id)).toHaveLength(1);
  });
});

describe('expensive requests asked many times at once', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.close());

  /** A validated dataset straight in the database: no worker runs here, so jobs stay countable. */
  async function validatedDataset(client: ApiClient): Promise<string> {
    const id = await uploaded(client);
    expect((await client.post(`/api/datasets/${id}/complete`)).status).toBe(202);
    await srv.rt.sequelize.query(
      `UPDATE datasets SET status = 'validated', s3_key_processed = s3_key_raw WHERE id = :id`,
      { replacements: { id } }
    );
    return id;
  }

  it('keep one schema deduction open per dataset', async () => {
    const { client } = await signedInClient(srv.url);
    const id = await validatedDataset(client);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client.post<{ queued: boolean }>(`/api/datasets/${id}/schema/deduce`))
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(answers.filter((a) => a.body.queued)).toHaveLength(1);
    expect(
      (await outboxRows(srv.rt.sequelize, id)).filter((r) => r.job_name === 'schema-deduce')
    ).toHaveLength(1);
  });

  it('start one EDA report per dataset, answered to every caller', async () => {
    const { client } = await signedInClient(srv.url);
    const id = await validatedDataset(client);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client.post<{ report: { id: string } }>(`/api/datasets/${id}/eda`))
    );
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    expect(new Set(answers.map((a) => a.body.report.id)).size).toBe(1);
    expect(await outboxRows(srv.rt.sequelize, answers[0]!.body.report.id)).toHaveLength(1);
  });
});

describe('per-user limits on expensive requests', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({ JOB_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => srv?.close());

  it('answer 429 past the limit, for that user and that kind of request only', async () => {
    const { client } = await signedInClient(srv.url);
    const id = await uploaded(client);
    const deduce = () => client.post(`/api/datasets/${id}/schema/deduce`);
    // 409 dataset_not_ready: refused work still counts, so probing cannot get around the limit.
    expect([(await deduce()).status, (await deduce()).status, (await deduce()).status]).toEqual([
      409, 409, 409
    ]);
    const limited = await deduce();
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await client.post(`/api/datasets/${id}/complete`)).status).toBe(202);

    const other = await signedInClient(srv.url, 'Other User');
    const theirs = await uploaded(other.client);
    expect((await other.client.post(`/api/datasets/${theirs}/schema/deduce`)).status).toBe(409);
  });
});

describe('the job map at the outbox', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(() => srv?.close());

  it('refuses to store a payload its worker could not read, and stores nothing', async () => {
    const subject = crypto.randomUUID();
    await expect(
      srv.rt.outbox.transaction((t) =>
        srv.rt.outbox.add(t, 'eda-report', subject, { datasetId: subject } as never)
      )
    ).rejects.toThrow(/reportId/);
    expect(await outboxRows(srv.rt.sequelize, subject)).toHaveLength(0);
  });
});
