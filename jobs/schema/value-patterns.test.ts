import { describe, expect, it } from 'vitest';
import {
  booleanFamily,
  computeStringPatterns,
  isBooleanWord,
  isInteger,
  isMissingMarker,
  isNumber
} from './value-patterns';

describe('value predicates', () => {
  it('recognises boolean words in any case', () => {
    for (const w of ['true', 'FALSE', 'Yes', 'no', 'Y', 'n', 't', 'F', '0', '1', ' yes '])
      expect(isBooleanWord(w)).toBe(true);
    for (const w of ['maybe', 'on', '2', '']) expect(isBooleanWord(w)).toBe(false);
  });

  it('recognises plain numbers but not formatted ones', () => {
    for (const v of ['3', '-2', '+7', '2.5', '.5', '1e3', '-1.5E-2', '10.']) expect(isNumber(v)).toBe(true);
    for (const v of ['1,234', '$5', '1.2.3', 'NaN', '', 'e5']) expect(isNumber(v)).toBe(false);
    expect(isInteger('42')).toBe(true);
    expect(isInteger('4.0')).toBe(false);
  });

  it('groups boolean words by family and refuses mixtures', () => {
    expect(booleanFamily(['yes', 'no'])).toEqual(['yes', 'no']);
    expect(booleanFamily(['n', 'y'])).toEqual(['y', 'n']);
    expect(booleanFamily(['yes'])).toEqual(['yes', 'no']);
    expect(booleanFamily(['0'])).toBeNull();
    expect(booleanFamily(['1', '0'])).toEqual(['1', '0']);
    expect(booleanFamily(['yes', 'false'])).toBeNull();
    expect(booleanFamily(['yes', 'no', 'maybe'])).toBeNull();
    expect(booleanFamily([])).toBeNull();
  });
});

describe('computeStringPatterns', () => {
  it('measures each pattern as a share of the values', () => {
    const p = computeStringPatterns(['02134', '10001', '94105', 'N/A']);
    expect(p.integerShare).toBe(0.75);
    expect(p.numberShare).toBe(0.75);
    expect(p.leadingZeroShare).toBe(0.25);
    expect(p.booleanShare).toBe(0);
  });

  it('detects ids and dates', () => {
    const uuids = computeStringPatterns([
      '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
      '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}'
    ]);
    expect(uuids.uuidShare).toBe(1);
    expect(
      computeStringPatterns(['507f1f77bcf86cd799439011', 'd41d8cd98f00b204e9800998ecf8427e']).hexIdShare
    ).toBe(1);
    expect(computeStringPatterns(['2024-01-01', '2024-01-02']).datetime?.format).toBe('%Y-%m-%d');
  });

  it('lists the most frequent non-numeric values, and knows missing markers', () => {
    const p = computeStringPatterns(['1', 'NA', '2', 'NA', 'unknown', '3.5']);
    expect(p.nonNumeric).toEqual(['NA', 'unknown']);
    for (const v of ['NA', 'n/a', '', '-', 'NULL', 'None', '?', ' nan '])
      expect(isMissingMarker(v)).toBe(true);
    for (const v of ['0', 'no', 'large']) expect(isMissingMarker(v)).toBe(false);
  });

  it('is all zeros for no values', () => {
    const p = computeStringPatterns([]);
    expect(p).toMatchObject({ booleanShare: 0, numberShare: 0, datetime: null, whitespaceShare: 0 });
  });
});
