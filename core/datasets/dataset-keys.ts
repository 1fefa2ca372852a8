/**
 * Blob keys for a dataset, following the seed's layout:
 * `datasets/{userId}/{datasetId}/raw/{upload timestamp}.csv` and `…/processed/v{n}.parquet`.
 * The preview of the processed copy sits beside it as `…/processed/v{n}.preview.json`.
 */
export function datasetPrefix(userId: string, datasetId: string): string {
  return `datasets/${userId}/${datasetId}/`;
}

export function rawKey(userId: string, datasetId: string, uploadedAt: Date): string {
  // 2025-12-27T14-30-00Z: ISO time with ':' replaced, no milliseconds, sortable and URL-safe.
  const ts = uploadedAt
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
  return `${datasetPrefix(userId, datasetId)}raw/${ts}.csv`;
}

export function processedKey(userId: string, datasetId: string, version: number): string {
  return `${datasetPrefix(userId, datasetId)}processed/v${version}.parquet`;
}

export function previewKey(parquetKey: string): string {
  return parquetKey.replace(/\.parquet$/, '.preview.json');
}

/** The version of a processed key (`…/v3.parquet` → 3), 0 when there is none. */
export function processedVersion(key: string | null): number {
  const m = key?.match(/\/v(\d+)\.parquet$/);
  return m ? Number(m[1]) : 0;
}
