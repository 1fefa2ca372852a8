/** What a strict UTF-8 check found in a byte range. */
export interface Utf8Stats {
  /** Byte sequences that are not UTF-8 (stray continuation bytes, overlongs, surrogates, bad leads). */
  invalid: number;
  /** Well-formed sequences of 2–4 bytes: evidence that the text really is UTF-8. */
  multibyte: number;
  /** Offset of the first invalid byte, or -1. */
  firstInvalidOffset: number;
}

/**
 * What a UTF-8 lead byte announces: how many continuation bytes follow and the allowed range of
 * the first one (narrower after E0, ED, F0 and F4, which rules out overlongs and surrogates).
 * null for a byte that cannot start a multi-byte sequence.
 */
export function utf8Lead(b: number): { need: number; lo: number; hi: number } | null {
  if (b >= 0xc2 && b <= 0xdf) return { need: 1, lo: 0x80, hi: 0xbf };
  if (b === 0xe0) return { need: 2, lo: 0xa0, hi: 0xbf };
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return { need: 2, lo: 0x80, hi: 0xbf };
  if (b === 0xed) return { need: 2, lo: 0x80, hi: 0x9f };
  if (b === 0xf0) return { need: 3, lo: 0x90, hi: 0xbf };
  if (b >= 0xf1 && b <= 0xf3) return { need: 3, lo: 0x80, hi: 0xbf };
  if (b === 0xf4) return { need: 3, lo: 0x80, hi: 0x8f };
  return null;
}

/**
 * Validates UTF-8 following the Unicode well-formedness table (so overlong forms and surrogates
 * count as invalid, as they do for DuckDB and TextDecoder). Counting instead of throwing lets the
 * encoding sniffer tell "UTF-8 with a few bad bytes" from "not UTF-8 at all".
 */
export function utf8Stats(bytes: Uint8Array, start = 0, end = bytes.length): Utf8Stats {
  let invalid = 0;
  let multibyte = 0;
  let firstInvalidOffset = -1;
  let i = start;
  while (i < end) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const lead = utf8Lead(b);
    const need = lead?.need ?? -1;
    let lo = lead?.lo ?? 0x80;
    let hi = lead?.hi ?? 0xbf;
    let j = i + 1;
    let ok = need > 0;
    for (let k = 0; ok && k < need; k++, j++) {
      const c = j < end ? bytes[j]! : -1;
      if (c < lo || c > hi) ok = false;
      lo = 0x80;
      hi = 0xbf;
    }
    if (ok) {
      multibyte++;
      i = j;
    } else {
      invalid++;
      if (firstInvalidOffset < 0) firstInvalidOffset = i;
      i++;
    }
  }
  return { invalid, multibyte, firstInvalidOffset };
}

/**
 * Length of `bytes` without a UTF-8 sequence cut off at the end. A 64 KB sample usually splits a
 * multi-byte character; that cut must not be mistaken for an encoding error.
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back]!;
    if (b < 0x80) return n;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? n - back : n;
    }
  }
  return n;
}
