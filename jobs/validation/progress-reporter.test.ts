import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './progress-reporter';

describe('createProgressReporter', () => {
  it('maps step fractions onto the overall bar and never goes backwards', () => {
    const events: Array<[number, string]> = [];
    const progress = createProgressReporter((p, s) => events.push([p, s]));
    const convert = progress.span(20, 90, 'Scanning and converting');
    convert(0.5);
    convert(0.25);
    convert(1);
    progress.report(10, 'Retrying');
    expect(events).toEqual([
      [20, 'Scanning and converting'],
      [55, 'Scanning and converting'],
      [90, 'Scanning and converting'],
      [90, 'Retrying']
    ]);
  });

  it('drops repeats and survives a throwing listener', () => {
    let calls = 0;
    const progress = createProgressReporter(() => {
      calls++;
      throw new Error('socket closed');
    });
    progress.report(5, 'Checking encoding');
    progress.report(5, 'Checking encoding');
    expect(calls).toBe(1);
  });

  it('works without a listener', () => {
    expect(() => createProgressReporter().report(50, 'x')).not.toThrow();
  });
});
