/** Receives progress as a whole percentage (0–100) and the name of the current step. */
export type ProgressListener = (percent: number, step: string) => void;

/** Reports progress within one step, as a fraction (0–1) of that step's share of the bar. */
export type StepProgress = (fraction: number) => void;

/**
 * Turns step-local fractions into one increasing percentage. Steps can be retried or skipped, so the
 * reporter never goes backwards and drops repeats; a throwing listener must not fail a validation.
 */
export function createProgressReporter(listener?: ProgressListener): {
  report(percent: number, step: string): void;
  /** A callback for work spanning `from`–`to` percent under `step`. */
  span(from: number, to: number, step: string): StepProgress;
} {
  let last = -1;
  let lastStep = '';
  const report = (percent: number, step: string): void => {
    const value = Math.max(last, Math.min(100, Math.floor(percent)));
    if (!listener || (value === last && step === lastStep)) return;
    last = value;
    lastStep = step;
    try {
      listener(value, step);
    } catch {
      // Progress is cosmetic; a broken listener (say, a closed socket) must not abort the job.
    }
  };
  return {
    report,
    span: (from, to, step) => {
      report(from, step);
      return (fraction) => report(from + (to - from) * Math.min(1, Math.max(0, fraction)), step);
    }
  };
}
