import { ApiError, datasets, duplicateDatasetId, isAbortError, uploadFile } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';
import type { DatasetDto, UploadTicket } from '$lib/contracts';
import { contentTypeFor, defaultDatasetName, formatBytes, hasAcceptedExtension } from './format';

export type UploadPhase = 'idle' | 'ready' | 'creating' | 'uploading' | 'completing';

/** What went wrong, worded for the Alert; the selection is kept so the user can retry. */
export interface UploadFailure {
  title: string;
  message: string;
  /** A `duplicate_dataset` conflict: the dataset that already holds this file. */
  existingDatasetId?: string;
  /** Whether pressing Upload again may help. */
  retryable: boolean;
}

export interface UploadCallbacks {
  /** A dataset this upload created, or its new state (the list shows it right away). */
  ondataset?: (dataset: DatasetDto) => void;
  /** A dataset this upload created is gone again (cancelled, or discarded as a duplicate). */
  ondiscard?: (datasetId: string) => void;
}

interface Pending {
  dataset: DatasetDto;
  upload: UploadTicket;
  file: File;
  name: string;
  description: string;
}

/** A ticket this close to expiry is not worth starting a PUT with. */
const TICKET_MARGIN_MS = 60_000;
/** Speed is averaged over this window so the figure does not jitter. */
const SPEED_WINDOW_MS = 3_000;

/**
 * One dataset upload from file choice to `complete`: create the row, PUT the bytes with progress,
 * then complete. Failures keep the file, name and description; a retry re-uses the created
 * dataset and its upload URL when it can, so no second row appears.
 */
export class DatasetUpload {
  phase = $state<UploadPhase>('idle');
  file = $state<File | null>(null);
  name = $state('');
  description = $state('');
  loaded = $state(0);
  total = $state(0);
  bytesPerSecond = $state<number | null>(null);
  failure = $state<UploadFailure | null>(null);
  /** A neutral note, e.g. after a cancel. */
  notice = $state('');
  /** The dataset the last upload produced (for the success message). */
  finished = $state<DatasetDto | null>(null);
  /** The dataset currently being uploaded, for the list's progress. */
  datasetId = $state<string | null>(null);

  readonly #workspaceId: () => string;
  readonly #callbacks: UploadCallbacks;
  #pending: Pending | null = null;
  #controller: AbortController | null = null;
  #samples: Array<{ at: number; loaded: number }> = [];

  constructor(workspaceId: () => string, callbacks: UploadCallbacks = {}) {
    this.#workspaceId = workspaceId;
    this.#callbacks = callbacks;
  }

  get busy(): boolean {
    return this.phase === 'creating' || this.phase === 'uploading' || this.phase === 'completing';
  }

  get percent(): number {
    return this.total > 0 ? (this.loaded / this.total) * 100 : 0;
  }

  get etaSeconds(): number | null {
    if (!this.bytesPerSecond || this.total <= 0) return null;
    return (this.total - this.loaded) / this.bytesPerSecond;
  }

  /** Takes a dropped or chosen file; refuses other types and empty files without losing the current one. */
  select(file: File): boolean {
    if (this.busy) return false;
    this.notice = '';
    this.finished = null;
    if (!hasAcceptedExtension(file.name)) {
      this.failure = {
        title: 'Unsupported file type',
        message: `“${file.name}” is not a .csv, .tsv or .txt file.`,
        retryable: false
      };
      return false;
    }
    if (file.size === 0) {
      this.failure = { title: 'Empty file', message: `“${file.name}” has no content.`, retryable: false };
      return false;
    }
    this.#discardPending();
    this.failure = null;
    this.file = file;
    this.name = defaultDatasetName(file.name);
    this.description = '';
    this.phase = 'ready';
    return true;
  }

  /** Forgets the selection (and the half-made dataset of a failed attempt). */
  clear(): void {
    if (this.busy) return;
    this.#discardPending();
    this.file = null;
    this.name = '';
    this.description = '';
    this.failure = null;
    this.notice = '';
    this.phase = 'idle';
  }

  cancel(): void {
    this.#controller?.abort();
  }

  async start(): Promise<void> {
    const file = this.file;
    if (!file || this.busy) return;
    const name = this.name.trim() || defaultDatasetName(file.name);
    const description = this.description.trim();
    this.failure = null;
    this.notice = '';
    this.finished = null;
    const controller = new AbortController();
    this.#controller = controller;
    let stage: 'create' | 'upload' | 'complete' = 'create';
    try {
      const pending = await this.#ticketFor(file, name, description);
      this.datasetId = pending.dataset.id;
      if (controller.signal.aborted) throw new DOMException('Upload cancelled.', 'AbortError');

      stage = 'upload';
      this.phase = 'uploading';
      this.#resetProgress(file.size);
      await uploadFile(pending.upload, file, {
        signal: controller.signal,
        onProgress: ({ loaded, total }) => this.#track(loaded, total)
      }).catch((err: unknown) => {
        // A retry after the bytes had already arrived: the link only creates, and complete checks them.
        if (!(err instanceof ApiError && err.code === 'already_uploaded')) throw err;
      });

      stage = 'complete';
      this.phase = 'completing';
      const dataset = await datasets.complete(pending.dataset.id);
      this.#pending = null;
      this.#callbacks.ondataset?.(dataset);
      this.finished = dataset;
      this.file = null;
      this.name = '';
      this.description = '';
    } catch (err) {
      this.#fail(err, stage, file);
    } finally {
      this.#controller = null;
      this.datasetId = null;
      this.bytesPerSecond = null;
      this.phase = this.file ? 'ready' : 'idle';
    }
  }

  /** The created dataset and its upload URL: re-used on a retry while still valid and still matching. */
  async #ticketFor(file: File, name: string, description: string): Promise<Pending> {
    const previous = this.#pending;
    if (
      previous &&
      previous.file === file &&
      previous.name === name &&
      previous.description === description &&
      Date.parse(previous.upload.expiresAt) - Date.now() > TICKET_MARGIN_MS
    )
      return previous;
    this.#discardPending();
    this.phase = 'creating';
    const { dataset, upload } = await datasets.create({
      name,
      description: description || undefined,
      fileName: file.name,
      fileSize: file.size,
      contentType: contentTypeFor(file),
      workspaceId: this.#workspaceId()
    });
    this.#pending = { dataset, upload, file, name, description };
    this.#callbacks.ondataset?.(dataset);
    return this.#pending;
  }

  #fail(err: unknown, stage: 'create' | 'upload' | 'complete', file: File): void {
    if (isAbortError(err)) {
      this.#discardPending();
      this.notice = `Upload of “${file.name}” cancelled.`;
      return;
    }
    const duplicateOf = duplicateDatasetId(err);
    if (duplicateOf !== undefined || (err instanceof ApiError && err.code === 'duplicate_dataset')) {
      // The server discards the second copy when it finds the duplicate at complete.
      if (stage === 'complete' && this.#pending) this.#callbacks.ondiscard?.(this.#pending.dataset.id);
      this.#pending = null;
      this.failure = {
        title: 'Already uploaded',
        message: err instanceof Error ? err.message : 'You already uploaded this exact file.',
        existingDatasetId: duplicateOf,
        retryable: false
      };
      return;
    }
    this.failure = describeFailure(err, file, stage);
  }

  /** Best effort: a cancelled or abandoned upload should not leave an "Uploading" row behind. */
  #discardPending(): void {
    const pending = this.#pending;
    this.#pending = null;
    if (!pending) return;
    this.#callbacks.ondiscard?.(pending.dataset.id);
    datasets.remove(pending.dataset.id).catch(() => {
      /* the row stays "Uploading"; it can be deleted from its page */
    });
  }

  #resetProgress(total: number): void {
    this.loaded = 0;
    this.total = total;
    this.bytesPerSecond = null;
    this.#samples = [{ at: performance.now(), loaded: 0 }];
  }

  #track(loaded: number, total: number): void {
    const now = performance.now();
    this.loaded = loaded;
    this.total = total;
    this.#samples.push({ at: now, loaded });
    while (this.#samples.length > 2 && now - this.#samples[1]!.at > SPEED_WINDOW_MS) this.#samples.shift();
    const first = this.#samples[0]!;
    const elapsed = (now - first.at) / 1000;
    if (elapsed >= 0.25) this.bytesPerSecond = (loaded - first.loaded) / elapsed;
  }
}

function describeFailure(err: unknown, file: File, stage: 'create' | 'upload' | 'complete'): UploadFailure {
  if (!(err instanceof ApiError))
    return { title: 'Upload failed', message: errorMessage(err), retryable: true };
  // The storage answered the PUT: its refusals (an expired link, a hiccup) are worth another try.
  if (stage === 'upload' && err.status !== 413 && err.status !== 0)
    return { title: 'Upload failed', message: errorMessage(err), retryable: true };
  if (err.status === 413 || err.code === 'payload_too_large') {
    const max = (err.details as { maxBytes?: unknown } | undefined)?.maxBytes;
    return {
      title: 'File too large',
      message:
        typeof max === 'number'
          ? `“${file.name}” is ${formatBytes(file.size)}; this studio accepts files up to ${formatBytes(max)}.`
          : err.message,
      retryable: false
    };
  }
  if (err.status === 403) {
    return {
      title: 'You can’t upload here',
      message:
        err.code === 'insufficient_role'
          ? 'Viewers can browse datasets but not upload them. Ask the workspace owner to make you an editor.'
          : errorMessage(err),
      retryable: false
    };
  }
  if (err.status === 0) return { title: 'Connection problem', message: errorMessage(err), retryable: true };
  if (err.code === 'upload_missing' || err.code === 'size_mismatch')
    return { title: 'The upload did not arrive intact', message: err.message, retryable: true };
  if (err.code === 'invalid_input' && err.issues.length > 0)
    return {
      title: 'Check the details',
      message: err.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join(' '),
      retryable: false
    };
  return {
    title: 'Upload failed',
    message: errorMessage(err),
    retryable: err.status >= 500 || err.status === 404
  };
}
