import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import type { BlobStore } from '../../core/storage/blob-store';
import type { ArtifactEntry } from '../../data/ml-model.repository';
import { PWML_VERSION } from '../../ml/model-format';

/**
 * Where a job's model lives, as the seed lays it out: `models/{userId}/{modelId}/artifacts/…` and
 * `…/metadata/…`. The model id follows from the job id, so every run of a sweep (on any worker)
 * writes beside the folder its winner is copied into, under `runs/run-{n}/`.
 */
export function modelIdFor(jobId: string): string {
  const h = crypto.createHash('sha256').update(`model:${jobId}`).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export const modelPrefix = (userId: string, modelId: string) => `models/${userId}/${modelId}/`;
export const runPrefix = (userId: string, modelId: string, runNumber: number) =>
  `${modelPrefix(userId, modelId)}runs/run-${runNumber}/`;

/** The files of one trained run, relative to its folder, and what each is. */
export const ARTIFACT_FILES = {
  model: 'artifacts/model.pwml',
  config: 'artifacts/model_config.json',
  transforms: 'artifacts/fitted_transforms.json',
  importance: 'metadata/feature_importance.json',
  history: 'metadata/training_history.json'
} as const;
export type ArtifactKind = keyof typeof ARTIFACT_FILES;

const CONTENT_TYPE: Record<ArtifactKind, string> = {
  model: 'application/octet-stream',
  config: 'application/json',
  transforms: 'application/json',
  importance: 'application/json',
  history: 'application/json'
};

/** Writes each file under `prefix`, returning every one's key, SHA-256 and size. */
export async function writeArtifacts(
  store: BlobStore,
  prefix: string,
  files: Record<ArtifactKind, Buffer>
): Promise<ArtifactEntry[]> {
  const entries: ArtifactEntry[] = [];
  for (const kind of Object.keys(ARTIFACT_FILES) as ArtifactKind[]) {
    const body = files[kind];
    const key = prefix + ARTIFACT_FILES[kind];
    await store.write(key, body, { contentType: CONTENT_TYPE[kind] });
    entries.push({
      key,
      kind,
      sha256: crypto.createHash('sha256').update(body).digest('hex'),
      sizeBytes: body.length
    });
  }
  return entries;
}

async function readAll(store: BlobStore, key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.read(key)) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** Copies a run's files into the model's own folder; the copies keep the run's checksums. */
export async function promoteArtifacts(
  store: BlobStore,
  from: ArtifactEntry[],
  fromPrefix: string,
  toPrefix: string
): Promise<ArtifactEntry[]> {
  const out: ArtifactEntry[] = [];
  for (const entry of from) {
    const body = await readAll(store, entry.key);
    const sha256 = crypto.createHash('sha256').update(body).digest('hex');
    if (sha256 !== entry.sha256)
      throw new Error(`The stored ${entry.kind} artifact changed since its run wrote it.`);
    const key = toPrefix + entry.key.slice(fromPrefix.length);
    await store.write(key, body);
    out.push({ ...entry, key });
  }
  return out;
}

const require = createRequire(import.meta.url);
const tfjsVersion = (): string => {
  try {
    return (require('@tensorflow/tfjs/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

/** The engine and the backend that produced a model, as `models.framework_version` records it. */
export function frameworkVersion(modelType: string): string {
  const backend = modelType === 'mlp' ? `tfjs ${tfjsVersion()}` : 'typescript';
  return `pipeweave-ml PWML/${PWML_VERSION}; ${backend}; node ${process.versions.node}`;
}
