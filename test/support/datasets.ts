import { expect } from 'vitest';
import type { DatasetDto, UploadTicket } from '../../contracts/api';
import type { ApiClient } from './http-client';

type Created = { dataset: DatasetDto; upload: UploadTicket };

/** The browser's upload flow through the API: create → PUT to the presigned URL → complete. */
export async function uploadDataset(
  client: ApiClient,
  body: string | Buffer,
  extra: Record<string, unknown> = {}
) {
  const bytes = Buffer.from(body);
  const created = await client.post<Created>('/api/datasets', {
    name: 'data.csv',
    fileName: 'data.csv',
    fileSize: bytes.length,
    ...extra
  });
  if (created.status !== 201) return { created, complete: undefined };
  const put = await fetch(new URL(created.body.upload.url, client.baseUrl), {
    method: 'PUT',
    headers: created.body.upload.headers,
    body: bytes
  });
  expect(put.status, await put.clone().text()).toBeLessThan(300);
  const complete = await client.post<{ dataset: DatasetDto }>(
    `/api/datasets/${created.body.dataset.id}/complete`
  );
  return { created, complete };
}
