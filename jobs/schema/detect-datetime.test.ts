import { describe, expect, it } from 'vitest';
import { detectDatetimeFormat } from './detect-datetime';

describe('detectDatetimeFormat', () => {
  it.each([
    [['2024-01-05', '2024-12-31'], '%Y-%m-%d'],
    [['2024-01-05T10:00:00', '2024-12-31T23:59:59'], '%Y-%m-%dT%H:%M:%S'],
    [['2024-01-05T10:00:00Z', '2024-12-31T23:59:59+02:00'], '%Y-%m-%dT%H:%M:%S%z'],
    [['2024-01-05 10:00', '2024-12-31 23:59'], '%Y-%m-%d %H:%M'],
    [['2024-01-05 10:00:00.5', '2024-12-31 23:59:59.250'], '%Y-%m-%d %H:%M:%S.%f'],
    [['2024/01/05', '2024/12/31'], '%Y/%m/%d'],
    [['05/01/2024', '25/12/2024'], '%d/%m/%Y'],
    [['01/05/2024', '12/25/2024'], '%m/%d/%Y'],
    [['25/12/2024 13:45', '01/02/2024 08:00'], '%d/%m/%Y %H:%M'],
    [['13.01.2024', '01.02.2024'], '%d.%m.%Y'],
    [['13.01.2024 10:30:00', '01.02.2024 08:00:00'], '%d.%m.%Y %H:%M:%S'],
    [['12/31/2024 01:15 PM', '01/01/2024 11:00 AM'], '%m/%d/%Y %I:%M %p']
  ])('%j → %s', (values, format) => {
    const match = detectDatetimeFormat(values);
    expect(match?.format).toBe(format);
    expect(match?.share).toBe(1);
    expect(match?.ambiguousWith).toBeUndefined();
    // Slash dates have a month-first twin, so the value that rules it out is reported.
    if (match?.format.match(/^%[dm]\/%[dm]/)) expect(match.evidence).toBeDefined();
  });

  it('reports day/month ambiguity when no day exceeds 12, preferring month-first', () => {
    expect(detectDatetimeFormat(['01/02/2024', '03/04/2024'])).toEqual({
      format: '%m/%d/%Y',
      share: 1,
      ambiguousWith: '%d/%m/%Y'
    });
  });

  it('is decided by a single disambiguating value among ambiguous ones', () => {
    const values = ['01/02/2024', '03/04/2024', '05/06/2024', '13/06/2024'];
    expect(detectDatetimeFormat(values)).toEqual({ format: '%d/%m/%Y', share: 1, evidence: '13/06/2024' });
  });

  it('counts the share over all values, junk included', () => {
    expect(detectDatetimeFormat(['2024-01-01', '2024-01-02', 'unknown', '2024-01-04'])?.share).toBe(0.75);
  });

  it('finds nothing in numbers, words or empty input', () => {
    expect(detectDatetimeFormat(['2024', '1999', '12345678'])).toBeNull();
    expect(detectDatetimeFormat(['red', 'green'])).toBeNull();
    expect(detectDatetimeFormat(['1.5', '2.25', '10.75'])).toBeNull();
    expect(detectDatetimeFormat([])).toBeNull();
  });
});
