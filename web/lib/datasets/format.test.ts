import { describe, expect, it } from 'vitest';
import { formatBytes, hasAcceptedExtension, shortHash } from './format';

describe('formatBytes', () => {
  it('words sizes in binary units without trailing zeros', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MB');
    expect(formatBytes(2_300_000)).toBe('2.19 MB');
  });
});

describe('hasAcceptedExtension', () => {
  it('accepts csv, tsv and txt in any case', () => {
    expect(hasAcceptedExtension('a.CSV')).toBe(true);
    expect(hasAcceptedExtension('a.tsv')).toBe(true);
    expect(hasAcceptedExtension('notes.txt')).toBe(true);
    expect(hasAcceptedExtension('photo.png')).toBe(false);
  });
});

describe('shortHash', () => {
  it('keeps the head and tail of a digest', () => {
    expect(shortHash('a'.repeat(8) + 'b'.repeat(50) + 'c'.repeat(6))).toBe('aaaaaaaa…cccccc');
  });
});
