/** The content types the app serves by extension; everything else is opaque bytes. */
const BY_EXTENSION: Readonly<Record<string, string>> = {
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.parquet': 'application/vnd.apache.parquet'
};

/** The default content type for a blob key, from its extension. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

/** Guesses a key's content type from its extension (case-insensitive); octet-stream when unknown. */
export function contentTypeFor(key: string): string {
  const base = key.slice(key.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  // A leading dot is a hidden-file name, not an extension.
  if (dot <= 0) return DEFAULT_CONTENT_TYPE;
  return BY_EXTENSION[base.slice(dot).toLowerCase()] ?? DEFAULT_CONTENT_TYPE;
}
