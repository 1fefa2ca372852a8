/**
 * A `Content-Disposition: attachment` value that names the download.
 * Browsers that know RFC 6266 read `filename*` (any Unicode); older ones fall back to the ASCII `filename`,
 * from which quotes, backslashes and control bytes are dropped so the header cannot be broken open.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
