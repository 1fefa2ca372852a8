import { describe, expect, it } from 'vitest';
import { compileFormat, parseShare, parsesWith } from './strftime';

describe('parsesWith', () => {
  it('checks the calendar, not only the shape', () => {
    expect(parsesWith('2024-02-29', '%Y-%m-%d')).toBe(true);
    expect(parsesWith('2023-02-29', '%Y-%m-%d')).toBe(false);
    expect(parsesWith('2024-04-31', '%Y-%m-%d')).toBe(false);
    expect(parsesWith('2024-13-01', '%Y-%m-%d')).toBe(false);
  });

  it('tells day-first from month-first by values above 12', () => {
    expect(parsesWith('25/01/2024', '%d/%m/%Y')).toBe(true);
    expect(parsesWith('25/01/2024', '%m/%d/%Y')).toBe(false);
    expect(parsesWith('01/25/2024', '%m/%d/%Y')).toBe(true);
    expect(parsesWith('05/01/2024', '%m/%d/%Y')).toBe(true);
    expect(parsesWith('05/01/2024', '%d/%m/%Y')).toBe(true);
  });

  it('parses times, fractions, time zones, 12-hour clocks and month names', () => {
    expect(parsesWith('2024-01-05T10:00:00Z', '%Y-%m-%dT%H:%M:%S%z')).toBe(true);
    expect(parsesWith('2024-01-05T10:00:00+02:00', '%Y-%m-%dT%H:%M:%S%z')).toBe(true);
    expect(parsesWith('2024-01-05 10:00:00.123456', '%Y-%m-%d %H:%M:%S.%f')).toBe(true);
    expect(parsesWith('2024-01-05 24:00', '%Y-%m-%d %H:%M')).toBe(false);
    expect(parsesWith('2024-01-05 10:60', '%Y-%m-%d %H:%M')).toBe(false);
    expect(parsesWith('03/01/2024 01:15 PM', '%m/%d/%Y %I:%M %p')).toBe(true);
    expect(parsesWith('03/01/2024 13:15 PM', '%m/%d/%Y %I:%M %p')).toBe(false);
    expect(parsesWith('5 Mar 2024', '%d %b %Y')).toBe(true);
    expect(parsesWith('5 March 2024', '%d %B %Y')).toBe(true);
    expect(parsesWith('13.01.24', '%d.%m.%y')).toBe(true);
  });

  it('escapes literal characters and trims', () => {
    expect(parsesWith(' 2024.01.05 ', '%Y.%m.%d')).toBe(true);
    expect(parsesWith('2024x01x05', '%Y.%m.%d')).toBe(false);
    expect(parsesWith('100% 2024', '100%% %Y')).toBe(true);
  });

  it('rejects formats it cannot check and formats without a date or time field', () => {
    expect(compileFormat('%Q-%m')).toBeNull();
    expect(compileFormat('%')).toBeNull();
    expect(compileFormat('%z')).toBeNull();
    expect(compileFormat('')).toBeNull();
    expect(parsesWith('2024', '%Q')).toBe(false);
  });
});

describe('parseShare', () => {
  it('is the share of values a format parses', () => {
    expect(parseShare(['2024-01-01', '2024-02-30', 'x', '2024-03-01'], '%Y-%m-%d')).toBe(0.5);
    expect(parseShare([], '%Y-%m-%d')).toBe(0);
    expect(parseShare(['2024-01-01'], '%Q')).toBe(0);
  });
});
