import { describe, expect, it } from 'vitest';
import { completeUtf8Length, utf8Stats } from './utf8-stats';

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);

describe('utf8Stats', () => {
  it('counts well-formed multi-byte characters', () => {
    expect(utf8Stats(Buffer.from('café €5 𝄞', 'utf8'))).toEqual({
      invalid: 0,
      multibyte: 3,
      firstInvalidOffset: -1
    });
  });

  it('rejects Latin-1 bytes, overlong forms and surrogates like a strict decoder', () => {
    expect(utf8Stats(bytes(0x63, 0x61, 0x66, 0xe9)).firstInvalidOffset).toBe(3);
    expect(utf8Stats(bytes(0xc0, 0xaf)).invalid).toBeGreaterThan(0); // overlong "/"
    expect(utf8Stats(bytes(0xed, 0xa0, 0x80)).invalid).toBeGreaterThan(0); // U+D800
    expect(utf8Stats(bytes(0xf4, 0x90, 0x80, 0x80)).invalid).toBeGreaterThan(0); // above U+10FFFF
  });
});

describe('completeUtf8Length', () => {
  it('drops a character cut at the end of a sample', () => {
    const euro = Buffer.from('ab€', 'utf8'); // € is 3 bytes
    expect(completeUtf8Length(euro.subarray(0, 4))).toBe(2);
    expect(completeUtf8Length(euro.subarray(0, 3))).toBe(2);
    expect(completeUtf8Length(euro)).toBe(5);
  });

  it('leaves ASCII and complete sequences alone', () => {
    expect(completeUtf8Length(Buffer.from('abc'))).toBe(3);
    expect(completeUtf8Length(Buffer.from('é', 'utf8'))).toBe(2);
  });
});
