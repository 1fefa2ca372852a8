import { describe, expect, it } from 'vitest';
import { relaxMode } from './convert-or-explain';

const first = { sampleAll: false, strict: true, allVarchar: false };

describe('relaxMode', () => {
  it('answers a late cast error by inferring types from every row, then by reading text', () => {
    const second = relaxMode(first, 'cast');
    expect(second).toEqual({ sampleAll: true, strict: true, allVarchar: false });
    const third = relaxMode(second!, 'cast');
    expect(third).toEqual({ sampleAll: true, strict: true, allVarchar: true });
    expect(relaxMode(third!, 'cast')).toBeNull();
  });

  it('drops strict mode once, for refusals our own scan found no reason for', () => {
    const second = relaxMode(first, 'csv');
    expect(second).toEqual({ sampleAll: false, strict: false, allVarchar: false });
    expect(relaxMode(second!, 'csv')).toBeNull();
  });
});
