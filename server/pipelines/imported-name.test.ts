import { describe, expect, it } from 'vitest';
import { importedName } from './imported-name';

describe('importedName', () => {
  it("keeps the file's name when it is free", () => {
    expect(importedName('Churn', new Set(['Churn model']))).toBe('Churn');
  });

  it('names the copy "(imported)", then numbers further copies', () => {
    expect(importedName('Churn', new Set(['Churn']))).toBe('Churn (imported)');
    expect(importedName('Churn', new Set(['Churn', 'Churn (imported)']))).toBe('Churn (imported 2)');
  });

  it('stays within the 200 characters a name may have', () => {
    const long = 'x'.repeat(200);
    const name = importedName(long, new Set([long]));
    expect(name).toHaveLength(200);
    expect(name.endsWith(' (imported)')).toBe(true);
  });
});
