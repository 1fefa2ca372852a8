/**
 * Every refusal of the engine is one of these, so the worker can tell the user what to change
 * (the param or column named, and the fix) instead of failing with a NaN model or a stack trace.
 */
export type MlErrorCode = 'invalid_param' | 'invalid_data' | 'unsupported' | 'cancelled' | 'bad_model';

export class MlError extends Error {
  readonly code: MlErrorCode;
  /** The node parameter at fault, when one is. */
  readonly param?: string;
  /** The column at fault, when one is. */
  readonly column?: string;
  /** What the user can do about it. */
  readonly fix: string;

  constructor(
    code: MlErrorCode,
    message: string,
    fix: string,
    where: { param?: string; column?: string } = {}
  ) {
    super(`${message} ${fix}`.trim());
    this.name = 'MlError';
    this.code = code;
    this.fix = fix;
    this.param = where.param;
    this.column = where.column;
  }
}

/** A run stopped by its cancel signal; the worker marks the run cancelled, not failed. */
export class MlCancelled extends MlError {
  constructor() {
    super('cancelled', 'Training was cancelled.', '');
    this.name = 'MlCancelled';
  }
}

export const invalidParam = (param: string, message: string, fix: string): MlError =>
  new MlError('invalid_param', message, fix, { param });

export const invalidData = (column: string | undefined, message: string, fix: string): MlError =>
  new MlError('invalid_data', message, fix, { column });
