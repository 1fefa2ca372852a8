import { describe, expect, it } from 'vitest';
import { detectBinary, knownBinarySignature } from './detect-binary';
import { detectEncoding } from './detect-encoding';

const text = 'name,city\nJosé,Málaga\nRenée,Zürich\n';

describe('detectEncoding', () => {
  it('accepts UTF-8 with and without BOM natively', () => {
    expect(detectEncoding(Buffer.from(text, 'utf8'), true)).toEqual({
      ok: true,
      encoding: 'utf-8',
      transcodeFrom: null
    });
    expect(detectEncoding(Buffer.from(`\ufeff${text}`, 'utf8'), true)).toMatchObject({
      encoding: 'utf-8-bom',
      transcodeFrom: null
    });
  });

  it('transcodes UTF-16 that has a byte-order mark', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(detectEncoding(le, true)).toMatchObject({
      ok: true,
      encoding: 'utf-16le',
      transcodeFrom: 'utf-16le'
    });
    expect(detectEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x61]), true)).toMatchObject({
      transcodeFrom: 'utf-16be'
    });
  });

  it('refuses UTF-16 without a byte-order mark and says what it looks like', () => {
    const verdict = detectEncoding(Buffer.from(text, 'utf16le'), true);
    expect(verdict).toMatchObject({
      ok: false,
      encoding: 'utf-16le',
      issue: { code: 'unsupported_encoding' }
    });
    expect(!verdict.ok && verdict.issue.message).toContain('UTF-16 LE text without a byte-order mark');
  });

  it('refuses UTF-32', () => {
    expect(detectEncoding(Buffer.from([0xff, 0xfe, 0, 0, 0x61, 0, 0, 0]), true)).toMatchObject({
      ok: false,
      encoding: 'utf-32'
    });
  });

  it('falls back to Windows-1252 for Latin text that is not UTF-8', () => {
    expect(detectEncoding(Buffer.from(text, 'latin1'), true)).toMatchObject({
      ok: true,
      encoding: 'windows-1252'
    });
  });

  it('keeps UTF-8 when valid multi-byte characters outnumber a stray bad byte', () => {
    const mostlyUtf8 = Buffer.concat([Buffer.from('café, naïve, über\n', 'utf8'), Buffer.from([0xe9, 0x0a])]);
    expect(detectEncoding(mostlyUtf8, true)).toMatchObject({ ok: true, encoding: 'utf-8' });
  });

  it('does not mistake a character cut at the end of the sample for bad bytes', () => {
    const sample = Buffer.from('a,b\n1,€', 'utf8').subarray(0, -1);
    expect(detectEncoding(sample, false)).toMatchObject({ ok: true, encoding: 'utf-8' });
  });

  it('refuses double-byte encodings instead of producing mojibake', () => {
    // "東京,大阪,名古屋" in Shift-JIS.
    const sjis = Buffer.from([
      0x93, 0x8c, 0x8b, 0x9e, 0x2c, 0x91, 0xe5, 0x8d, 0xe3, 0x2c, 0x96, 0xbc, 0x8c, 0xc3, 0x89, 0xae, 0x0a
    ]);
    expect(detectEncoding(sjis, true)).toMatchObject({ ok: false, issue: { code: 'unsupported_encoding' } });
  });

  it('reports binary files as such', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(detectEncoding(png, true)).toMatchObject({
      ok: false,
      encoding: 'binary',
      issue: { code: 'binary_content' }
    });
  });
});

describe('detectBinary', () => {
  it('names common formats uploaded by mistake', () => {
    expect(knownBinarySignature(Buffer.from('PK\x03\x04rest', 'latin1'))).toContain('xlsx');
    expect(knownBinarySignature(Buffer.from([0x1f, 0x8b, 8, 0]))).toContain('gzip');
    expect(knownBinarySignature(Buffer.from('%PDF-1.7', 'latin1'))).toBe('a PDF document');
    expect(knownBinarySignature(Buffer.from('a,b\n1,2\n'))).toBeNull();
  });

  it('flags NUL bytes and a high share of control characters', () => {
    expect(detectBinary(Buffer.from('a,b\n1,\u0000\n'))?.code).toBe('binary_content');
    expect(detectBinary(Buffer.from('\u0001\u0002\u0003\u0004abc'))?.code).toBe('binary_content');
  });

  it('accepts text with tabs, CRLF and the odd form feed', () => {
    expect(detectBinary(Buffer.from('a\tb\r\n1\t2\r\n\f'))).toBeNull();
  });
});
