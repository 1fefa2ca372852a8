import { describe, expect, it } from 'vitest';
import { exportFileName, timeAgo } from './format';

describe('timeAgo', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('reads like speech', () => {
    expect(timeAgo('2026-03-10T11:59:50Z', now)).toBe('just now');
    expect(timeAgo('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(timeAgo('2026-03-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(timeAgo('2026-03-09T12:00:00Z', now)).toBe('yesterday');
    expect(timeAgo('2026-02-10T12:00:00Z', now)).toBe('4 weeks ago');
    expect(timeAgo('2026-01-10T12:00:00Z', now)).toBe('2 months ago');
    expect(timeAgo('not a date', now)).toBe('—');
  });
});

describe('exportFileName', () => {
  it('turns any name into a plain file name', () => {
    expect(exportFileName('Churn model (v2)')).toBe('churn-model-v2.pipeline.json');
    expect(exportFileName('Données été')).toBe('donnees-ete.pipeline.json');
    expect(exportFileName('***')).toBe('pipeline.pipeline.json');
  });
});
