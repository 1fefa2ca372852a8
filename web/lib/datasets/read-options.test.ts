import { describe, expect, it } from 'vitest';
import { listedIssues, problemCount, readHint, readLabel, readUsed } from './read-options';

const hint = { code: 'leading_lines', message: 'm', line: 1, read: { skipLines: 1, header: false } };
const used = { code: 'read_options', message: 'u', read: { skipLines: 1, header: true } };
const ragged = { code: 'ragged_row', message: 'r', line: 2, count: 177 };
const quote = { code: 'malformed_quote', message: 'q', line: 9 };

describe('read options on the dataset page', () => {
  it('finds the hint and the reading used, and lists the rest', () => {
    const issues = [ragged, hint, used, quote];
    expect(readHint(issues)).toBe(hint);
    expect(readUsed(issues)).toEqual({ skipLines: 1, header: true });
    expect(listedIssues(issues)).toEqual([ragged, quote]);
    expect(readHint([ragged])).toBeNull();
  });

  it('counts every line of a grouped problem, not the too_many_errors note', () => {
    expect(problemCount([ragged, quote, { code: 'too_many_errors', message: '' }])).toBe(178);
  });

  it('words readings as the buttons do', () => {
    expect(readLabel({ skipLines: 1, header: true })).toBe('Header row is line 2');
    expect(readLabel({ skipLines: 1, header: false })).toBe('Skip the first line (no header row)');
    expect(readLabel({ skipLines: 3, header: null })).toBe('Skip the first 3 lines');
  });
});
