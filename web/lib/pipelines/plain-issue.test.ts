import { describe, expect, it } from 'vitest';
import { plainIssue } from './plain-issue';

describe('plainIssue', () => {
  it("rewrites the schema library's messages in plain words", () => {
    expect(plainIssue('Invalid input: expected array, received undefined')).toBe(
      'Missing: it should be a list.'
    );
    expect(plainIssue('Invalid input: expected string, received number')).toBe(
      'Should be text, not a number.'
    );
    expect(plainIssue('Invalid input: expected int, received number')).toBe(
      'Should be a whole number, not a number.'
    );
    expect(plainIssue('Invalid input: expected 1')).toBe('Should be 1.');
    expect(plainIssue('Invalid option: expected one of "x"|"y"')).toBe('Should be one of x, y.');
    expect(plainIssue('Too small: expected string to have >=1 characters')).toBe('Cannot be empty.');
    expect(plainIssue('Too big: expected string to have <=200 characters')).toBe(
      'Can have at most 200 characters.'
    );
    expect(plainIssue('Too small: expected number to be >=0')).toBe('Must be at least 0.');
    expect(plainIssue('Too big: expected number to be <=10')).toBe('Must be at most 10.');
    expect(plainIssue('Unrecognized keys: "extra", "more"')).toBe(
      'PipeWeave does not know the fields "extra", "more".'
    );
    expect(plainIssue('Invalid string: must match pattern /^[a-z]+$/')).toBe(
      'Has characters that are not allowed here.'
    );
  });

  it('keeps messages that are already plain', () => {
    expect(plainIssue('Unknown node type "teleport".')).toBe('Unknown node type "teleport".');
  });
});
