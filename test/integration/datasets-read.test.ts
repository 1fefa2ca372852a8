import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetDto, ReadOptions } from '../../contracts/api';
import { uploadDataset } from '../support/datasets';
import { type ApiClient, signedInClient } from '../support/http-client';
import { startTestServer, type TestServer } from '../support/test-server';

const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';

async function settled(client: ApiClient, id: string): Promise<DatasetDto> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await client.get<{ dataset: DatasetDto }>(`/api/datasets/${id}`);
    if (['validated', 'failed'].includes(body.dataset.status)) return body.dataset;
    if (Date.now() > deadline) throw new Error(`still ${body.dataset.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const hint = (d: DatasetDto) => d.validationErrors?.find((i) => i.read && i.code !== 'read_options');

describe('files that do not start with their header, read again without a re-upload', () => {
  let srv: TestServer;
  let client: ApiClient;
  beforeAll(async () => {
    srv = await startTestServer({}, { workers: true });
    ({ client } = await signedInClient(srv.url));
  });
  afterAll(async () => {
    await srv.close();
  });

  async function uploaded(file: string): Promise<DatasetDto> {
    const bytes = await readFile(`${SKLEARN}/${file}`);
    const { complete } = await uploadDataset(client, bytes, { name: file, fileName: file });
    expect(complete!.status).toBe(202);
    return settled(client, complete!.body.dataset.id);
  }

  async function revalidate(id: string, read?: ReadOptions) {
    const res = await client.post<{ dataset: DatasetDto }>(
      `/api/datasets/${id}/revalidate`,
      read ? { read } : {}
    );
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.dataset.status).toBe('uploaded');
    return settled(client, id);
  }

  it("validates sklearn's breast_cancer.csv after one action, with a single grouped error before it", async () => {
    const failed = await uploaded('breast_cancer.csv');
    expect(failed.status).toBe('failed');
    const errors = failed.validationErrors!.filter((i) => i.code === 'ragged_row');
    expect(errors).toEqual([expect.objectContaining({ line: 2, count: 569 })]);
    // Line 2 is the first row of numbers: the file has no row of names, so the action reads from line 2 as data.
    expect(hint(failed)).toMatchObject({ code: 'leading_lines', read: { skipLines: 1, header: false } });

    const validated = await revalidate(failed.id, hint(failed)!.read);
    expect(validated).toMatchObject({ status: 'validated', numRows: 569, numColumns: 31 });
    expect(validated.columnNames!.slice(0, 2)).toEqual(['column00', 'column01']);
    expect(hint(validated)).toBeUndefined();
    const preview = await client.get<{ rows: Array<Record<string, unknown>> }>(
      `/api/datasets/${failed.id}/preview?limit=1`
    );
    expect(preview.body.rows[0]).toMatchObject({ column00: 17.99, column30: 0 });
  });

  it("takes line 2 of sklearn's boston_house_prices.csv as the header when told", async () => {
    const first = await uploaded('boston_house_prices.csv');
    expect(hint(first)).toMatchObject({ code: 'leading_lines', read: { skipLines: 1, header: true } });
    const validated = await revalidate(first.id, { skipLines: 1, header: true });
    expect(validated).toMatchObject({ status: 'validated', numRows: 506, numColumns: 14 });
    expect(validated.columnNames!.slice(0, 3)).toEqual(['CRIM', 'ZN', 'INDUS']);
    // A retry without a body reads the file the way the user chose last time.
    const again = await revalidate(first.id);
    expect(again.columnNames!.slice(0, 3)).toEqual(['CRIM', 'ZN', 'INDUS']);

    // Once a pipeline uses it, its columns must not change under the pipeline.
    const pipeline = await client.post('/api/pipelines', { name: 'Prices', datasetId: first.id });
    expect(pipeline.status).toBe(201);
    const refused = await client.post<{ error: { code: string } }>(`/api/datasets/${first.id}/revalidate`, {
      read: { skipLines: 0, header: null }
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('dataset_in_use');
  });

  it('refuses to validate again while the dataset is still uploading', async () => {
    const created = await client.post<{ dataset: DatasetDto }>('/api/datasets', {
      name: 'x',
      fileName: 'x.csv',
      fileSize: 10
    });
    const res = await client.post(`/api/datasets/${created.body.dataset.id}/revalidate`, {});
    expect(res.status).toBe(409);
    const bad = await client.post(`/api/datasets/${created.body.dataset.id}/revalidate`, {
      read: { skipLines: -1, header: null }
    });
    expect(bad.status).toBe(400);
  });
});
