import crypto from 'node:crypto';
import { z } from 'zod';
import type {
  CreateDatasetBody,
  DatasetDto,
  DatasetPreviewDto,
  ReadOptions,
  UploadTicket
} from '../../contracts/api';
import { formatBytes } from '../../contracts/format-bytes';
import type { Page, PageQuery } from '../../contracts/pagination';
import type { AccessService } from '../../core/access/access.service';
import { Conflict, NotFound, TooLarge } from '../../contracts/errors';
import { decodeCursor, encodeCursor, exactTime, toPage } from '../pagination/cursor';
import type { JobOutbox } from '../../core/outbox/job-outbox';
import type { Publisher } from '../../core/realtime/publisher';
import type { BlobStore } from '../../core/storage/blob-store';
import { DatasetGuard } from './dataset-guard';
import { publishDatasetStatus } from '../../core/datasets/dataset-events';
import { previewKey, rawKey } from '../../core/datasets/dataset-keys';
import { toDatasetDto } from '../../core/datasets/dataset.dto';
import { DuplicateHashError, type DatasetRepository } from '../../data/dataset.repository';
import { sha256OfStream } from './sha256';
import { rooms } from '../../contracts/realtime';

/** A verifying request touches the row this often while it hashes… */
const VERIFY_TOUCH_MS = 10_000;
/** …so a row untouched for this long lost its request (the process died) and may be taken over. */
export const VERIFY_STALE_SECONDS = 60;

export interface DatasetServiceDeps {
  repo: DatasetRepository;
  access: AccessService;
  store: BlobStore;
  outbox: JobOutbox;
  publisher: Publisher;
  uploadMaxBytes: number;
  /** Life of the upload link (UPLOAD_URL_TTL_SECONDS); the link also only creates, never replaces. */
  uploadUrlSeconds: number;
}

/** The upload flow of the seed: row first, presigned direct upload, then complete → validation. */
export class DatasetService {
  private readonly guard: DatasetGuard;

  constructor(private readonly deps: DatasetServiceDeps) {
    this.guard = new DatasetGuard(deps.access, deps.repo);
  }

  async create(
    userId: string,
    body: CreateDatasetBody
  ): Promise<{ dataset: DatasetDto; upload: UploadTicket }> {
    const workspaceId = body.workspaceId ?? (await this.deps.repo.personalWorkspaceId(userId));
    if (!workspaceId) throw new NotFound('Workspace');
    await this.deps.access.require(userId, { kind: 'workspace', id: workspaceId }, 'editor');
    if (body.fileSize > this.deps.uploadMaxBytes) {
      throw new TooLarge(
        `The file is larger than this studio accepts (${formatBytes(this.deps.uploadMaxBytes)}).`,
        {
          maxBytes: this.deps.uploadMaxBytes
        }
      );
    }
    if (body.sha256) await this.refuseDuplicate(userId, body.sha256);
    const id = crypto.randomUUID();
    const key = rawKey(userId, id, new Date());
    const dataset = await this.deps.repo.create({
      id,
      userId,
      workspaceId,
      name: body.name,
      description: body.description ?? null,
      s3Bucket: this.deps.store.bucket,
      s3KeyRaw: key,
      fileSizeBytes: body.fileSize,
      contentType: 'text/csv'
    });
    const upload = await this.deps.store.presignPut(key, {
      contentType: 'text/csv',
      contentLength: body.fileSize,
      expiresInSeconds: this.deps.uploadUrlSeconds
    });
    publishDatasetStatus(this.deps.publisher, dataset);
    return { dataset: toDatasetDto(dataset), upload: { ...upload, method: 'PUT' } };
  }

  /**
   * Confirms the upload: the object exists with the announced size, its SHA-256 (streamed) is not
   * a live dataset of this user's already; then status `uploaded`, committed together with the
   * validation job. Only the request that moves the row to `verifying` reads the object, so
   * concurrent or repeated calls cost one hash and queue one job.
   */
  async complete(userId: string, id: string): Promise<DatasetDto> {
    const dataset = await this.guard.visible(userId, id, 'editor');
    if (dataset.status !== 'uploading' && dataset.status !== 'verifying') return toDatasetDto(dataset);
    const info = await this.deps.store.head(dataset.s3KeyRaw);
    if (!info)
      throw new Conflict(
        'The file has not been uploaded yet; upload it to the URL you were given first.',
        'upload_missing'
      );
    if (info.size !== Number(dataset.fileSizeBytes)) {
      throw new Conflict(
        `The uploaded file has ${info.size} bytes but ${dataset.fileSizeBytes} were announced.`,
        'size_mismatch',
        {
          expected: Number(dataset.fileSizeBytes),
          received: info.size
        }
      );
    }
    if (!(await this.deps.repo.claimVerification(id, VERIFY_STALE_SECONDS))) {
      return toDatasetDto((await this.deps.repo.findLive(id)) ?? dataset); // another request is on it
    }
    publishDatasetStatus(this.deps.publisher, (await this.deps.repo.findLive(id))!);
    const hash = await this.hashWhileClaimed(id, dataset.s3KeyRaw);
    try {
      await this.deps.outbox.transaction(async (t) => {
        if (await this.deps.repo.markUploaded(id, hash, t)) {
          await this.deps.outbox.add(t, 'dataset-validate', id, { datasetId: id });
        }
      });
    } catch (err) {
      if (!(err instanceof DuplicateHashError)) throw err;
      const existing = await this.deps.repo.findLiveByHash(userId, hash);
      // The second copy never becomes a dataset: its bytes and row go, the answer points at the first.
      await this.deps.store.delete(dataset.s3KeyRaw);
      await this.deps.repo.discard(id);
      throw duplicate(existing?.id);
    }
    const updated = (await this.deps.repo.findLive(id))!;
    publishDatasetStatus(this.deps.publisher, updated);
    return toDatasetDto(updated);
  }

  /** Streams the object's SHA-256, keeping the `verifying` claim fresh; a failure releases it. */
  private async hashWhileClaimed(id: string, key: string): Promise<string> {
    const touch = setInterval(
      () => void this.deps.repo.touchVerification(id).catch(() => {}),
      VERIFY_TOUCH_MS
    );
    try {
      return (await sha256OfStream(await this.deps.store.read(key))).hash;
    } catch (err) {
      await this.deps.repo.releaseVerification(id).catch(() => {});
      throw err;
    } finally {
      clearInterval(touch);
    }
  }

  /**
   * Validates a finished dataset again, from the bytes already stored: with the reading the user
   * chose, or the one used last time (a retry). Refused while the dataset is being checked, and for
   * a validated dataset a pipeline uses (its columns could change under it).
   */
  async revalidate(userId: string, id: string, read: ReadOptions | undefined): Promise<DatasetDto> {
    const dataset = await this.guard.visible(userId, id, 'editor');
    if (dataset.status !== 'failed' && dataset.status !== 'validated') {
      throw new Conflict('The dataset is still being uploaded or checked.', 'dataset_not_ready');
    }
    if (dataset.status === 'validated') {
      const users = await this.deps.repo.usedByLivePipelines(id);
      if (users > 0) {
        throw new Conflict(
          `${users} pipeline${users === 1 ? ' uses' : 's use'} this dataset, so its columns cannot change.`,
          'dataset_in_use',
          { pipelines: users }
        );
      }
    }
    const used = read ?? dataset.validationErrors?.find((i) => i.code === 'read_options')?.read;
    await this.deps.outbox.transaction(async (t) => {
      if (await this.deps.repo.requeueValidation(id, t)) {
        await this.deps.outbox.add(t, 'dataset-validate', id, {
          datasetId: id,
          ...(used ? { read: used } : {})
        });
      }
    });
    const updated = (await this.deps.repo.findLive(id))!;
    publishDatasetStatus(this.deps.publisher, updated);
    return toDatasetDto(updated);
  }

  async list(userId: string, workspaceId: string | undefined, page: PageQuery): Promise<Page<DatasetDto>> {
    const ids = workspaceId
      ? [
          (await this.deps.access.require(userId, { kind: 'workspace', id: workspaceId }, 'viewer'))
            .workspaceId
        ]
      : await this.deps.repo.memberWorkspaceIds(userId);
    const after = decodeCursor('datasets', page.cursor, { t: exactTime, id: z.uuid() });
    const rows = await this.deps.repo.listInWorkspaces(ids, { limit: page.limit + 1, after });
    return toPage(rows, page.limit, toDatasetDto, (d) =>
      encodeCursor('datasets', { t: d.get('cursorAt'), id: d.id })
    );
  }

  async get(userId: string, id: string): Promise<DatasetDto> {
    return toDatasetDto(await this.guard.visible(userId, id, 'viewer'));
  }

  async preview(userId: string, id: string, limit: number): Promise<DatasetPreviewDto> {
    const dataset = await this.guard.validated(userId, id, 'viewer', 'The preview is available', {
      needsParquet: true
    });
    const key = previewKey(dataset.s3KeyProcessed!); // there: needsParquet
    const chunks: Buffer[] = [];
    for await (const chunk of await this.deps.store.read(key)) chunks.push(chunk as Buffer);
    const preview = JSON.parse(Buffer.concat(chunks).toString('utf8')) as DatasetPreviewDto;
    return { columns: preview.columns, rows: preview.rows.slice(0, limit) };
  }

  /** Soft delete; refused while a pipeline uses the dataset. Blobs go when the row is purged. */
  async remove(userId: string, id: string): Promise<void> {
    await this.guard.visible(userId, id, 'editor');
    const users = await this.deps.repo.usedByLivePipelines(id);
    if (users > 0) {
      throw new Conflict(
        `${users} pipeline${users === 1 ? ' uses' : 's use'} this dataset; delete or re-point ${users === 1 ? 'it' : 'them'} first.`,
        'dataset_in_use',
        {
          pipelines: users
        }
      );
    }
    const dataset = (await this.deps.repo.findLive(id))!;
    await this.deps.repo.softDelete(id);
    this.deps.publisher.emit([rooms.workspace(dataset.workspaceId)], 'notification', {
      type: 'dataset_deleted',
      datasetId: dataset.id,
      title: `Dataset “${dataset.name}” was deleted`
    });
  }

  private async refuseDuplicate(userId: string, hash: string): Promise<void> {
    const existing = await this.deps.repo.findLiveByHash(userId, hash);
    if (existing) throw duplicate(existing.id);
  }
}

const duplicate = (datasetId: string | undefined) =>
  new Conflict('You already uploaded this exact file.', 'duplicate_dataset', { datasetId });
