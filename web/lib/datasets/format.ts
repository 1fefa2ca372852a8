import type { DatasetStatus } from '$lib/contracts';

/** The status word shown in chips (and matched by e2e tests). */
export const STATUS_LABELS: Record<DatasetStatus, string> = {
  uploading: 'Uploading',
  verifying: 'Verifying',
  uploaded: 'Uploaded',
  validating: 'Validating',
  validated: 'Validated',
  failed: 'Failed'
};

/** A dataset's name by default: the file's name without its extension ("iris.csv" → "iris"). */
export function defaultDatasetName(fileName: string): string {
  const base = fileName.replace(/\.[^./\\]{1,8}$/, '').trim();
  return base || fileName;
}

/** Statuses in which the server is still working on the dataset. */
export function isProcessing(status: DatasetStatus): boolean {
  return status === 'verifying' || status === 'uploaded' || status === 'validating';
}

/** Sizes are worded the same everywhere; re-exported so pages keep one import for formats. */
export { formatBytes } from '../../../contracts/format-bytes';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : integer.format(n);
}

export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit'
  });
}

/** Seconds → "8 s", "3 min", "1 h 5 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "3f2a9c…e41b07": enough to tell digests apart at a glance. */
export function shortHash(hash: string, head = 8, tail = 6): string {
  return hash.length <= head + tail + 1 ? hash : `${hash.slice(0, head)}…${hash.slice(-tail)}`;
}

/** File types the upload accepts (the server validates the content itself). */
export const ACCEPTED_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;

export function hasAcceptedExtension(fileName: string): boolean {
  const lower = fileName.toLowerCase();
  return ACCEPTED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** The content type to announce for a file whose browser-given type may be empty or odd. */
export function contentTypeFor(file: File): string {
  const lower = file.name.toLowerCase();
  if (lower.endsWith('.tsv')) return 'text/tab-separated-values';
  if (lower.endsWith('.csv')) return 'text/csv';
  return file.type || 'text/plain';
}
