import { detectBinary, knownBinarySignature } from './detect-binary';
import { completeUtf8Length, utf8Stats } from './utf8-stats';
import { issues, type ValidationIssue } from './validation-issues';

/** Encodings a CSV can arrive in and still be read; everything but UTF-8 is transcoded first. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Encodings that need a transcoding pass before DuckDB, which reads UTF-8 only. */
export type TranscodableEncoding = 'utf-16le' | 'utf-16be' | 'windows-1252';

/** The encoding sniffer's decision about the first bytes of a file. */
export type EncodingVerdict =
  | { ok: true; encoding: TextEncoding; transcodeFrom: TranscodableEncoding | null }
  | { ok: false; encoding: string; issue: ValidationIssue };

/** Bytes Windows-1252 leaves undefined; a file containing them is not Windows-1252 text. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function startsWith(head: Uint8Array, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
}

/**
 * UTF-16 without a BOM shows NULs in every other byte for Latin text. We refuse it rather than guess
 * the byte order, but say exactly what it is so the user knows how to fix the export.
 */
function bomlessUtf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length, 4096) & ~1;
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const half = n / 2;
  if (oddNul / half > 0.4 && evenNul / half < 0.05) return 'utf-16le';
  if (evenNul / half > 0.4 && oddNul / half < 0.05) return 'utf-16be';
  return null;
}

/**
 * Double-byte encodings (Shift-JIS, GBK, Big5, EUC) put high bytes next to each other almost always,
 * while Latin text in Windows-1252 has isolated accented letters. Decoding the former as
 * Windows-1252 would silently produce garbage, so we refuse it instead.
 */
function looksDoubleByte(head: Uint8Array): boolean {
  let high = 0;
  let paired = 0;
  for (let i = 0; i < head.length; i++) {
    if (head[i]! < 0x80) continue;
    high++;
    if ((i > 0 && head[i - 1]! >= 0x80) || (i + 1 < head.length && head[i + 1]! >= 0x80)) paired++;
  }
  return high >= 8 && paired / high > 0.6;
}

/**
 * Decides how a file is encoded from its first bytes (64 KB is plenty). Order matters: byte-order
 * marks first (UTF-16 legitimately contains NULs), then binary signatures, BOM-less UTF-16, NUL and
 * control bytes, then UTF-8 validity, and only then the Windows-1252 fallback that accepts almost any byte string.
 *
 * @param isWholeFile whether `head` is the complete file (otherwise its last character may be cut).
 */
export function detectEncoding(head: Uint8Array, isWholeFile: boolean): EncodingVerdict {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { ok: true, encoding: 'utf-8-bom', transcodeFrom: null };
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) {
    return {
      ok: false,
      encoding: 'utf-32',
      issue: issues.unsupportedEncoding('The file is encoded as UTF-32.')
    };
  }
  if (startsWith(head, [0xff, 0xfe])) return { ok: true, encoding: 'utf-16le', transcodeFrom: 'utf-16le' };
  if (startsWith(head, [0xfe, 0xff])) return { ok: true, encoding: 'utf-16be', transcodeFrom: 'utf-16be' };

  const signature = knownBinarySignature(head);
  if (signature) return { ok: false, encoding: 'binary', issue: issues.binaryContent(signature) };
  const utf16 = bomlessUtf16(head);
  if (utf16) {
    return {
      ok: false,
      encoding: utf16,
      issue: issues.unsupportedEncoding(
        `The file looks like ${utf16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'} text without a byte-order mark, so its byte order cannot be trusted.`
      )
    };
  }
  const binary = detectBinary(head);
  if (binary) return { ok: false, encoding: 'binary', issue: binary };

  const end = isWholeFile ? head.length : completeUtf8Length(head);
  const stats = utf8Stats(head, 0, end);
  // Mostly valid multi-byte sequences mean UTF-8 with a few bad bytes: those are reported per line by
  // the structure scan rather than "fixed" by reading everything as Windows-1252.
  if (stats.invalid === 0 || stats.multibyte > stats.invalid) {
    return { ok: true, encoding: 'utf-8', transcodeFrom: null };
  }

  if (head.some((b) => CP1252_UNDEFINED.has(b)) || looksDoubleByte(head)) {
    return {
      ok: false,
      encoding: 'unknown',
      issue: issues.unsupportedEncoding(
        'The file is not UTF-8 and does not look like Windows-1252/Latin-1 either (it may be Shift-JIS, GBK, Big5 or another legacy encoding).'
      )
    };
  }
  return { ok: true, encoding: 'windows-1252', transcodeFrom: 'windows-1252' };
}
