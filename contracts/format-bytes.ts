const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * 1536 → "1.5 KB", in binary units with at most three significant digits. The one wording of a
 * size: the studio's upload limit, a validation issue and the browser's tables all use it.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes === 1) return '1 byte';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits).replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${UNITS[unit]}`;
}
