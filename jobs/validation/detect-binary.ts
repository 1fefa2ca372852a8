import { issues, type ValidationIssue } from './validation-issues';

/** Magic numbers of the files people most often upload by mistake instead of a CSV. */
const SIGNATURES: ReadonlyArray<{ bytes: readonly number[]; what: string }> = [
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], what: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], what: 'a GIF image' },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: 'a PDF document' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive (an Excel .xlsx workbook is one)' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: 'a legacy Excel (.xls) workbook' },
  { bytes: [0x1f, 0x8b], what: 'a gzip-compressed file; decompress it first' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file; decompress it first' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], what: 'a zstd-compressed file; decompress it first' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'a SQLite database' }
];

/** Share of control characters above which a sample cannot be text in any encoding we accept. */
const MAX_CONTROL_SHARE = 0.1;

function isControl(b: number): boolean {
  // Tab, LF, CR and form feed appear in real text files; ESC (0x1b) in ANSI-coloured logs.
  return (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) || b === 0x7f;
}

/** Names the kind of file when `head` starts with a well-known binary signature, else null. */
export function knownBinarySignature(head: Uint8Array): string | null {
  for (const { bytes, what } of SIGNATURES) {
    if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return what;
  }
  return null;
}

/**
 * Recognises binary content in the first bytes of a file (after byte-order marks were ruled out): a
 * known file signature, any NUL byte (text in the encodings we accept never contains one), or a
 * high share of control characters. Returns the issue to report, or null for plausible text.
 */
export function detectBinary(head: Uint8Array): ValidationIssue | null {
  const signature = knownBinarySignature(head);
  if (signature) return issues.binaryContent(signature);
  let controls = 0;
  for (const b of head) {
    if (b === 0) return issues.binaryContent(null);
    if (isControl(b)) controls++;
  }
  return head.length > 0 && controls / head.length > MAX_CONTROL_SHARE ? issues.binaryContent(null) : null;
}
