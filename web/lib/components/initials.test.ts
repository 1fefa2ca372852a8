import { describe, expect, it } from 'vitest';
import { initials } from './initials';

describe('initials', () => {
  it('makes initials from names and emails', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('bob@example.com')).toBe('BE');
    expect(initials('')).toBe('?');
  });
});
