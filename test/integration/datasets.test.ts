import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDto, DatasetPreviewDto, UploadTicket, WorkspaceDto } from '../../contracts/api';
import { Pipeline } from '../../models';
import { startS3Backend, S3_TEST_BUCKET, type S3Backend } from '../../core/storage/testing/s3-backend';
import { irisDataset, personalWorkspaceId } from '../../server/pipelines/testing/fixtures';
import { uploadDataset as upload } from '../support/datasets';
import { ApiClient, signedInClient } from '../support/http-client';
import { connectSocket } from '../support/socket';
import { startTestServer, type TestServer } from '../support/test-server';
import { rooms } from '../../contracts/realtime';

type Created = { dataset: DatasetDto; upload: UploadTicket };

const IRIS = 'sepal_length,sepal_width,species\n5.1,3.5,setosa\n4.9,3.0,setosa\n6.3,3.3,virginica\n';

/** Runs the whole browser flow: create → PUT to the presigned URL → complete. */
async function waitForStatus(
  client: ApiClient,
  id: string,
  done = ['validated', 'failed']
): Promise<DatasetDto> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const res = await client.get<{ dataset: DatasetDto }>(`/api/datasets/${id}`);
    if (done.includes(res.body.dataset.status)) return res.body.dataset;
    if (Date.now() > deadline) throw new Error(`still ${res.body.dataset.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const drivers: Array<[string, () => Promise<{ env: Record<string, string>; close: () => Promise<void> }>]> = [
  ['local disk', async () => ({ env: {}, close: async () => {} })],
  [
    'S3 (s3rver)',
    async () => {
      const s3: S3Backend = await startS3Backend();
      return {
        env: {
          S3_BUCKET: S3_TEST_BUCKET,
          S3_ENDPOINT: s3.gate.url,
          S3_ACCESS_KEY_ID: 'S3RVER',
          S3_SECRET_ACCESS_KEY: 'S3RVER',
          S3_FORCE_PATH_STYLE: 'true'
        },
        close: () => s3.close()
      };
    }
  ]
];

describe.each(drivers)('dataset upload flow with %s storage', (_name, backend) => {
  let srv: TestServer;
  let closeBackend: () => Promise<void>;
  beforeAll(async () => {
    const b = await backend();
    closeBackend = b.close;
    srv = await startTestServer({ ...b.env, UPLOAD_MAX_BYTES: String(1024 * 1024) }, { workers: true });
  });
  afterAll(async () => {
    await srv.close();
    await closeBackend();
  });

  it('uploads directly to storage, validates, converts to Parquet and previews typed rows', async () => {
    const { client, user } = await signedInClient(srv.url);
    const { created, complete } = await upload(client, IRIS);
    expect(created.status).toBe(201);
    expect(created.body.dataset.status).toBe('uploading');
    expect(created.body.upload.method).toBe('PUT');
    // UPLOAD_URL_TTL_SECONDS' default: an hour, no longer.
    const life = Date.parse(created.body.upload.expiresAt) - Date.now();
    expect(life).toBeGreaterThan(58 * 60_000);
    expect(life).toBeLessThanOrEqual(60 * 60_000);
    expect(complete!.status).toBe(202);
    expect(complete!.body.dataset).toMatchObject({
      status: 'uploaded',
      fileHashSha256: crypto.createHash('sha256').update(IRIS).digest('hex')
    });

    const done = await waitForStatus(client, created.body.dataset.id);
    expect(done).toMatchObject({
      status: 'validated',
      numRows: 3,
      numColumns: 3,
      columnNames: ['sepal_length', 'sepal_width', 'species'],
      hasProcessedCopy: true
    });
    expect(JSON.stringify(done)).not.toMatch(/s3Key|datasets\//); // storage keys stay server-side

    const preview = await client.get<DatasetPreviewDto>(
      `/api/datasets/${created.body.dataset.id}/preview?limit=2`
    );
    expect(preview.body.columns.map((c) => c.name)).toEqual(['sepal_length', 'sepal_width', 'species']);
    expect(preview.body.columns[0]!.type).toBe('DOUBLE');
    expect(preview.body.rows).toEqual([
      { sepal_length: 5.1, sepal_width: 3.5, species: 'setosa' },
      { sepal_length: 4.9, sepal_width: 3.0, species: 'setosa' }
    ]);

    const row = await srv.rt.sequelize.query<{ s3_key_raw: string; s3_key_processed: string }>(
      'SELECT s3_key_raw, s3_key_processed FROM datasets WHERE id = :id',
      { replacements: { id: done.id }, type: 'SELECT' as never }
    );
    expect(row[0]!.s3_key_raw).toMatch(
      new RegExp(`^datasets/${user.id}/${done.id}/raw/\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\dZ\\.csv$`)
    );
    expect(row[0]!.s3_key_processed).toBe(`datasets/${user.id}/${done.id}/processed/v1.parquet`);
    expect(await srv.rt.store.head(row[0]!.s3_key_processed)).not.toBeNull();
  });

  it('refuses a second copy of the same bytes for the same user, but not for another user', async () => {
    const { client } = await signedInClient(srv.url);
    const csv = `id,value\n1,${crypto.randomUUID()}\n`;
    const first = await upload(client, csv);
    expect(first.complete!.status).toBe(202);

    const known = await client.post('/api/datasets', {
      name: 'again',
      fileName: 'again.csv',
      fileSize: csv.length,
      sha256: crypto.createHash('sha256').update(csv).digest('hex')
    });
    expect(known.status).toBe(409);
    expect(known.body).toMatchObject({
      error: { code: 'duplicate_dataset', details: { datasetId: first.created.body.dataset.id } }
    });

    const second = await upload(client, csv);
    expect(second.complete!.status).toBe(409);
    expect(second.complete!.body).toMatchObject({
      error: { code: 'duplicate_dataset', details: { datasetId: first.created.body.dataset.id } }
    });
    expect((await client.get(`/api/datasets/${second.created.body.dataset.id}`)).status).toBe(404);

    const other = await signedInClient(srv.url, 'Other User');
    expect((await upload(other.client, csv)).complete!.status).toBe(202);
  });

  it('marks a malformed CSV failed with precise errors', async () => {
    const { client } = await signedInClient(srv.url);
    const { created } = await upload(client, `a,b\n1,2\n3,4,5\n${crypto.randomUUID()},6\n`);
    const done = await waitForStatus(client, created.body.dataset.id);
    expect(done.status).toBe('failed');
    expect(done.validationErrors).toContainEqual(expect.objectContaining({ code: 'ragged_row', line: 3 }));
    expect((await client.get(`/api/datasets/${done.id}/preview`)).status).toBe(409);
  });

  it('refuses completing before the bytes arrived, and files over the size limit', async () => {
    const { client } = await signedInClient(srv.url);
    const created = await client.post<Created>('/api/datasets', {
      name: 'x',
      fileName: 'x.csv',
      fileSize: 10
    });
    const early = await client.post(`/api/datasets/${created.body.dataset.id}/complete`);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: { code: 'upload_missing' } });
    const big = await client.post('/api/datasets', {
      name: 'big',
      fileName: 'big.csv',
      fileSize: 2 * 1024 * 1024
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({
      error: { code: 'payload_too_large', details: { maxBytes: 1024 * 1024 } }
    });
  });

  it('keeps datasets inside their workspace: viewers read, outsiders see nothing', async () => {
    const owner = await signedInClient(srv.url, 'Owner');
    const viewer = await signedInClient(srv.url, 'Viewer');
    const outsider = await signedInClient(srv.url, 'Outsider');
    const { body } = await owner.client.post<{ workspace: WorkspaceDto }>('/api/workspaces', {
      name: 'Team'
    });
    await owner.client.post(`/api/workspaces/${body.workspace.id}/members`, {
      email: viewer.email,
      role: 'viewer'
    });
    const { created } = await upload(owner.client, `k,v\n1,${crypto.randomUUID()}\n`, {
      workspaceId: body.workspace.id
    });
    const id = created.body.dataset.id;

    expect((await viewer.client.get(`/api/datasets/${id}`)).status).toBe(200);
    const list = await viewer.client.get<{ datasets: DatasetDto[] }>(
      `/api/datasets?workspaceId=${body.workspace.id}`
    );
    expect(list.body.datasets.map((d) => d.id)).toEqual([id]);
    const viewerCreate = await viewer.client.post('/api/datasets', {
      name: 'v',
      fileName: 'v.csv',
      fileSize: 5,
      workspaceId: body.workspace.id
    });
    expect(viewerCreate.status).toBe(403);
    expect((await viewer.client.delete(`/api/datasets/${id}`)).status).toBe(403);

    for (const path of [
      `/api/datasets/${id}`,
      `/api/datasets/${id}/preview`,
      `/api/datasets?workspaceId=${body.workspace.id}`
    ]) {
      expect((await outsider.client.get(path)).status, path).toBe(404);
    }
    expect((await outsider.client.post(`/api/datasets/${id}/complete`)).status).toBe(404);
    expect((await outsider.client.delete(`/api/datasets/${id}`)).status).toBe(404);
    expect((await outsider.client.get<{ datasets: DatasetDto[] }>('/api/datasets')).body.datasets).toEqual(
      []
    );
  });

  it('refuses deleting a dataset a pipeline uses, soft-deletes otherwise', async () => {
    const { client, user } = await signedInClient(srv.url);
    const { created } = await upload(client, `x,y\n1,${crypto.randomUUID()}\n`);
    const ds = created.body.dataset;
    await waitForStatus(client, ds.id);
    const pipeline = await Pipeline.create({
      userId: user.id,
      workspaceId: ds.workspaceId,
      datasetId: ds.id,
      name: 'p',
      description: null,
      validatedAt: null,
      deletedAt: null
    });
    const refused = await client.delete(`/api/datasets/${ds.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: 'dataset_in_use' } });
    await pipeline.destroy();
    expect((await client.delete(`/api/datasets/${ds.id}`)).status).toBe(204);
    expect((await client.get(`/api/datasets/${ds.id}`)).status).toBe(404);
  });

  it('pushes every status change to the workspace room', async () => {
    const { client } = await signedInClient(srv.url);
    const ws = (await client.get<{ workspaces: WorkspaceDto[] }>('/api/workspaces')).body.workspaces[0]!;
    const socket = await connectSocket(srv.url, client.cookie);
    try {
      expect(await socket.emitWithAck('subscribe', { room: rooms.workspace(ws.id) })).toEqual({ ok: true });
      const seen: string[] = [];
      const validated = new Promise<DatasetDto>((resolve) =>
        socket.on('dataset:status', (p: { status: string; dataset: DatasetDto }) => {
          seen.push(p.status);
          if (p.status === 'validated') resolve(p.dataset);
        })
      );
      await upload(client, `n\n${crypto.randomInt(1e9)}\n`);
      expect((await validated).numRows).toBe(1);
      expect(seen).toEqual(['uploading', 'verifying', 'uploaded', 'validating', 'validated']);
    } finally {
      socket.disconnect();
    }
  });
});

describe('an upload replaced after complete, on an S3 store that ignores If-None-Match', () => {
  let s3: S3Backend;
  let srv: TestServer;
  beforeAll(async () => {
    s3 = await startS3Backend();
    // No workers: the test runs the validation itself, after swapping the bytes.
    srv = await startTestServer({
      S3_BUCKET: S3_TEST_BUCKET,
      S3_ENDPOINT: s3.gate.url,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true'
    });
  });
  afterAll(async () => {
    await srv?.close();
    await s3?.close();
  });

  it('fails validation with upload_changed instead of validating other bytes than were hashed', async () => {
    const { validateDataset } = await import('../../jobs/processors/validate-dataset/process');
    const { client } = await signedInClient(srv.url);
    const csv = `a,b\n1,${crypto.randomInt(1e6, 1e7 - 1)}\n`;
    const { created, complete } = await upload(client, csv);
    expect(complete!.body.dataset.status).toBe('uploaded');
    const [row] = await srv.rt.sequelize.query<{ s3_key_raw: string }>(
      'SELECT s3_key_raw FROM datasets WHERE id = :id',
      { replacements: { id: created.body.dataset.id }, type: 'SELECT' as never }
    );
    // Same size, other bytes: what a second PUT would store where If-None-Match is not enforced.
    await srv.rt.store.write(row!.s3_key_raw, csv.replace('1,', '9,'));

    const { rt } = srv;
    await validateDataset(
      {
        repo: rt.repos.datasets,
        eda: rt.repos.eda,
        store: rt.store,
        publisher: rt.publisher,
        log: rt.log,
        outbox: rt.outbox
      },
      created.body.dataset.id
    );
    const after = (await client.get<{ dataset: DatasetDto }>(`/api/datasets/${created.body.dataset.id}`)).body
      .dataset;
    expect(after.status).toBe('failed');
    expect(after.validationErrors).toEqual([expect.objectContaining({ code: 'upload_changed' })]);
    expect(after.hasProcessedCopy).toBe(false);
  });
});

describe('purging deleted datasets', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer({}, { workers: true });
  });
  afterAll(() => srv.close());

  it('removes the blobs and the row once the retention has passed, never while referenced', async () => {
    const { purgeDeletedDatasets } = await import('../../jobs/monitor/purge-datasets');
    const repo = srv.rt.repos.datasets;
    const { client } = await signedInClient(srv.url);
    const { created } = await upload(client, `p,q\n1,${crypto.randomUUID()}\n`);
    const ds = await waitForStatus(client, created.body.dataset.id);
    const [keys] = (await srv.rt.sequelize.query(
      'SELECT s3_key_raw, s3_key_processed FROM datasets WHERE id = :id',
      {
        replacements: { id: ds.id }
      }
    )) as [Array<{ s3_key_raw: string; s3_key_processed: string }>, unknown];
    expect((await client.delete(`/api/datasets/${ds.id}`)).status).toBe(204);

    // Not yet old enough: nothing happens.
    expect(await purgeDeletedDatasets(repo, srv.rt.store, new Date(Date.now() - 3600_000))).not.toContain(
      ds.id
    );
    expect(await srv.rt.store.head(keys[0]!.s3_key_raw)).not.toBeNull();

    const purged = await purgeDeletedDatasets(repo, srv.rt.store, new Date(Date.now() + 1000));
    expect(purged).toContain(ds.id);
    expect(await srv.rt.store.head(keys[0]!.s3_key_raw)).toBeNull();
    expect(await srv.rt.store.head(keys[0]!.s3_key_processed)).toBeNull();
    const [rows] = await srv.rt.sequelize.query('SELECT 1 FROM datasets WHERE id = :id', {
      replacements: { id: ds.id }
    });
    expect(rows).toHaveLength(0);
  });

  it('purges a dataset used only by deleted pipelines, and takes those pipelines along', async () => {
    const { purgeDeletedDatasets } = await import('../../jobs/monitor/purge-datasets');
    const repo = srv.rt.repos.datasets;
    const { client, user } = await signedInClient(srv.url);
    const workspaceId = await personalWorkspaceId(client);
    const pipelineOn = async (datasetId: string) => {
      const res = await client.post<{ pipeline: { id: string } }>('/api/pipelines', {
        name: 'On a dataset soon gone',
        datasetId
      });
      expect(res.status, res.text).toBe(201);
      return res.body.pipeline.id;
    };
    const onlyDeleted = await irisDataset(user.id, workspaceId);
    const gone = [await pipelineOn(onlyDeleted.id), await pipelineOn(onlyDeleted.id)];
    for (const id of gone) expect((await client.delete(`/api/pipelines/${id}`)).status).toBe(204);
    expect((await client.delete(`/api/datasets/${onlyDeleted.id}`)).status).toBe(204);
    // A live pipeline still holds its dataset, even one deleted behind its back.
    const stillUsed = await irisDataset(user.id, workspaceId);
    const live = await pipelineOn(stillUsed.id);
    await repo.softDelete(stillUsed.id);

    const purged = await purgeDeletedDatasets(repo, srv.rt.store, new Date(Date.now() + 1000));
    expect(purged).toContain(onlyDeleted.id);
    expect(purged).not.toContain(stillUsed.id);
    const left = await Pipeline.findAll({ where: { id: [...gone, live] }, paranoid: false });
    expect(left.map((p) => p.id)).toEqual([live]);
  });
});
