import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Conflict, Forbidden, NotFound, TooLarge } from '../../contracts/errors';
import { rooms } from '../../contracts/realtime';
import type { DatasetRepository } from '../../data/dataset.repository';
import { MemoryAccess } from '../../core/access/testing/memory-access';
import { MemoryOutbox } from '../../core/outbox/testing/memory-outbox';
import { RecordingPublisher } from '../../core/realtime/testing/recording-publisher';
import { MemoryBlobStore } from '../../core/storage/testing/memory-store';
import { MemoryDatasets } from './testing/memory-datasets';
import { DatasetService, VERIFY_STALE_SECONDS } from './dataset.service';

const MAX_BYTES = 1000;
const CSV = 'age,income\n31,5.5\n';
const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** A workspace of an editor and a viewer, an outsider with their own, and the upload flow over fakes. */
function uploads() {
  const access = new MemoryAccess();
  const datasets = new MemoryDatasets(access);
  const store = new MemoryBlobStore();
  const outbox = new MemoryOutbox();
  const publisher = new RecordingPublisher();
  const workspaceId = crypto.randomUUID();
  const [editor, viewer, outsider] = ['ed', 'vic', 'otto'];
  access.join(workspaceId, editor, 'editor');
  access.join(workspaceId, viewer, 'viewer');
  access.join(crypto.randomUUID(), outsider, 'owner');
  datasets.personal.set(editor, workspaceId);
  const service = new DatasetService({
    repo: datasets as unknown as DatasetRepository,
    access: access.service(),
    store: store.asStore(),
    outbox: outbox.jobOutbox(),
    publisher: publisher.asPublisher(),
    uploadMaxBytes: MAX_BYTES,
    uploadUrlSeconds: 600
  });
  /** The editor announces CSV, and its bytes arrive at the presigned key. */
  const uploaded = async (body = CSV) => {
    const { dataset } = await service.create(editor, {
      name: 'customers',
      fileName: 'customers.csv',
      fileSize: Buffer.byteLength(body)
    });
    store.put(datasets.rows.get(dataset.id)!.s3KeyRaw, body);
    return dataset.id;
  };
  return {
    access,
    datasets,
    store,
    outbox,
    publisher,
    service,
    workspaceId,
    editor,
    viewer,
    outsider,
    uploaded
  };
}

const body = (fileSize: number, extra: object = {}) => ({
  name: 'customers',
  fileName: 'customers.csv',
  fileSize,
  ...extra
});

describe('starting an upload', () => {
  it('signs a create-only upload of exactly the announced size and announces the new dataset', async () => {
    const u = uploads();
    const { dataset, upload } = await u.service.create(u.editor, body(MAX_BYTES));
    expect(dataset).toMatchObject({ status: 'uploading', workspaceId: u.workspaceId });
    expect(upload.method).toBe('PUT');
    expect(u.store.signed).toEqual([
      {
        key: u.datasets.rows.get(dataset.id)!.s3KeyRaw,
        options: { contentType: 'text/csv', contentLength: MAX_BYTES, expiresInSeconds: 600 }
      }
    ]);
    expect(u.publisher.emitted).toEqual([
      {
        rooms: [rooms.dataset(dataset.id), rooms.workspace(u.workspaceId)],
        event: 'dataset:status',
        payload: expect.objectContaining({ datasetId: dataset.id, status: 'uploading' })
      }
    ]);
  });

  it('refuses a file above the limit (413) before anything is stored or signed', async () => {
    const u = uploads();
    const refused = await u.service.create(u.editor, body(MAX_BYTES + 1)).catch((e) => e);
    expect(refused).toBeInstanceOf(TooLarge);
    expect(refused).toMatchObject({ details: { maxBytes: MAX_BYTES } });
    expect(u.datasets.rows.size).toBe(0);
    expect(u.store.signed).toEqual([]);
  });

  it('needs an editor of the workspace: viewers 403, outsiders 404, nobody without a workspace', async () => {
    const u = uploads();
    const into = { workspaceId: u.workspaceId };
    await expect(u.service.create(u.viewer, body(10, into))).rejects.toBeInstanceOf(Forbidden);
    await expect(u.service.create(u.outsider, body(10, into))).rejects.toBeInstanceOf(NotFound);
    await expect(u.service.create(u.viewer, body(10))).rejects.toBeInstanceOf(NotFound); // no personal one
    expect(u.datasets.rows.size).toBe(0);
  });

  it('points at the live dataset the user already uploaded with the same content', async () => {
    const u = uploads();
    const first = await u.uploaded();
    await u.service.complete(u.editor, first);
    await expect(u.service.create(u.editor, body(10, { sha256: sha256(CSV) }))).rejects.toMatchObject({
      code: 'duplicate_dataset',
      details: { datasetId: first }
    });
  });
});

describe('completing an upload', () => {
  it('checks the bytes arrived with the announced size', async () => {
    const u = uploads();
    const { dataset } = await u.service.create(u.editor, body(50));
    await expect(u.service.complete(u.editor, dataset.id)).rejects.toMatchObject({ code: 'upload_missing' });
    u.store.put(u.datasets.rows.get(dataset.id)!.s3KeyRaw, CSV);
    const refused = await u.service.complete(u.editor, dataset.id).catch((e) => e);
    expect(refused).toBeInstanceOf(Conflict);
    expect(refused).toMatchObject({
      code: 'size_mismatch',
      details: { expected: 50, received: Buffer.byteLength(CSV) }
    });
    expect(u.datasets.rows.get(dataset.id)?.status).toBe('uploading');
  });

  it('records the hash, queues validation once, and announces verifying then uploaded', async () => {
    const u = uploads();
    const id = await u.uploaded();
    u.publisher.emitted.length = 0;
    await expect(u.service.complete(u.editor, id)).resolves.toMatchObject({ status: 'uploaded' });
    expect(u.datasets.rows.get(id)?.fileHashSha256).toBe(sha256(CSV));
    expect(u.outbox.open()).toMatchObject([{ jobName: 'dataset-validate', payload: { datasetId: id } }]);
    expect(u.publisher.of('dataset:status').map((e) => (e.payload as { status: string }).status)).toEqual([
      'verifying',
      'uploaded'
    ]);
    // Completing again answers the current state and costs nothing.
    await expect(u.service.complete(u.editor, id)).resolves.toMatchObject({ status: 'uploaded' });
    expect(u.store.reads).toBe(1);
    expect(u.outbox.jobs).toHaveLength(1);
    expect(u.publisher.emitted).toHaveLength(2);
  });

  it('leaves a verification under way to its request, and takes over one whose request died', async () => {
    const u = uploads();
    const id = await u.uploaded();
    const row = u.datasets.rows.get(id)!;
    Object.assign(row, { status: 'verifying', updatedAt: new Date() });
    await expect(u.service.complete(u.editor, id)).resolves.toMatchObject({ status: 'verifying' });
    expect(u.store.reads).toBe(0);
    row.updatedAt = new Date(Date.now() - (VERIFY_STALE_SECONDS + 1) * 1000);
    await expect(u.service.complete(u.editor, id)).resolves.toMatchObject({ status: 'uploaded' });
    expect(u.outbox.jobs).toHaveLength(1);
  });

  it('releases the claim when the bytes cannot be read, so completing again works', async () => {
    const u = uploads();
    const id = await u.uploaded();
    const read = u.store.read.bind(u.store);
    u.store.read = async () => {
      throw new Error('storage unreachable');
    };
    await expect(u.service.complete(u.editor, id)).rejects.toThrow('storage unreachable');
    expect(u.datasets.rows.get(id)?.status).toBe('uploading');
    expect(u.outbox.jobs).toEqual([]);
    u.store.read = read;
    await expect(u.service.complete(u.editor, id)).resolves.toMatchObject({ status: 'uploaded' });
  });

  it('turns a second copy of the same file into a pointer to the first, removing its row and bytes', async () => {
    const u = uploads();
    const first = await u.uploaded();
    await u.service.complete(u.editor, first);
    const second = await u.uploaded();
    const key = u.datasets.rows.get(second)!.s3KeyRaw;
    await expect(u.service.complete(u.editor, second)).rejects.toMatchObject({
      code: 'duplicate_dataset',
      details: { datasetId: first }
    });
    expect(u.datasets.rows.has(second)).toBe(false);
    expect(u.store.objects.has(key)).toBe(false);
    expect(u.outbox.jobs).toHaveLength(1);
  });

  it('lets only editors complete, and hides the dataset from outsiders', async () => {
    const u = uploads();
    const id = await u.uploaded();
    await expect(u.service.complete(u.viewer, id)).rejects.toBeInstanceOf(Forbidden);
    await expect(u.service.complete(u.outsider, id)).rejects.toBeInstanceOf(NotFound);
    expect(u.datasets.rows.get(id)?.status).toBe('uploading');
  });
});

describe('reading and deleting datasets', () => {
  it('serves the preview only once the dataset is validated', async () => {
    const u = uploads();
    const id = await u.uploaded();
    await expect(u.service.preview(u.viewer, id, 5)).rejects.toMatchObject({
      code: 'dataset_not_ready',
      details: { status: 'uploading' }
    });
  });

  it('lists the datasets of the caller’s workspaces only', async () => {
    const u = uploads();
    const id = await u.uploaded();
    await expect(u.service.list(u.viewer, undefined, { limit: 10 })).resolves.toMatchObject({
      items: [{ id }]
    });
    await expect(u.service.list(u.outsider, undefined, { limit: 10 })).resolves.toMatchObject({ items: [] });
    await expect(u.service.list(u.outsider, u.workspaceId, { limit: 10 })).rejects.toBeInstanceOf(NotFound);
  });

  it('refuses deleting a dataset pipelines use, saying how many', async () => {
    const u = uploads();
    const id = await u.uploaded();
    u.datasets.pipelineUses.set(id, 2);
    await expect(u.service.remove(u.editor, id)).rejects.toMatchObject({
      code: 'dataset_in_use',
      message: '2 pipelines use this dataset; delete or re-point them first.',
      details: { pipelines: 2 }
    });
    await expect(u.service.remove(u.viewer, id)).rejects.toBeInstanceOf(Forbidden);
    expect(u.datasets.rows.get(id)?.deletedAt).toBeNull();
  });

  it('deletes for everyone and tells the workspace', async () => {
    const u = uploads();
    const id = await u.uploaded();
    u.publisher.emitted.length = 0;
    await u.service.remove(u.editor, id);
    expect(u.publisher.emitted).toEqual([
      {
        rooms: [rooms.workspace(u.workspaceId)],
        event: 'notification',
        payload: expect.objectContaining({ type: 'dataset_deleted', datasetId: id })
      }
    ]);
    await expect(u.service.get(u.editor, id)).rejects.toBeInstanceOf(NotFound);
  });
});
