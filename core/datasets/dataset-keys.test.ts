import { describe, expect, it } from 'vitest';
import { previewKey, processedKey, processedVersion, rawKey } from './dataset-keys';

describe('dataset keys', () => {
  const u = '550e8400-e29b-41d4-a716-446655440000';
  const d = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

  it('follow the seed layout', () => {
    expect(rawKey(u, d, new Date('2025-12-27T14:30:00.123Z'))).toBe(
      `datasets/${u}/${d}/raw/2025-12-27T14-30-00Z.csv`
    );
    expect(processedKey(u, d, 1)).toBe(`datasets/${u}/${d}/processed/v1.parquet`);
    expect(previewKey(processedKey(u, d, 2))).toBe(`datasets/${u}/${d}/processed/v2.preview.json`);
  });

  it('reads the processed version back', () => {
    expect(processedVersion(processedKey(u, d, 7))).toBe(7);
    expect(processedVersion(null)).toBe(0);
  });
});
