import { describe, expect, it } from 'vitest';
import { defaultDatasetName, hasAcceptedExtension, shortHash } from './format';

describe('hasAcceptedExtension', () => {
  it('accepts csv, tsv and txt in any case', () => {
    expect(hasAcceptedExtension('a.CSV')).toBe(true);
    expect(hasAcceptedExtension('a.tsv')).toBe(true);
    expect(hasAcceptedExtension('notes.txt')).toBe(true);
    expect(hasAcceptedExtension('photo.png')).toBe(false);
  });
});

describe('defaultDatasetName', () => {
  it('drops the extension only', () => {
    expect(defaultDatasetName('breast_cancer.csv')).toBe('breast_cancer');
    expect(defaultDatasetName('sales.2024.TSV')).toBe('sales.2024');
    expect(defaultDatasetName('README')).toBe('README');
    expect(defaultDatasetName('.csv')).toBe('.csv');
  });
});

describe('shortHash', () => {
  it('keeps the head and tail of a digest', () => {
    expect(shortHash('a'.repeat(8) + 'b'.repeat(50) + 'c'.repeat(6))).toBe('aaaaaaaa…cccccc');
  });
});
