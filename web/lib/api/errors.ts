import { ApiError } from './client';

/** Friendlier wording for statuses users hit in normal use; everything else keeps the server's message. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    switch (err.status) {
      case 0:
        return err.message;
      case 423:
        return 'Account locked for 15 minutes after repeated failed sign-ins.';
      case 429:
        return 'Too many attempts, wait a minute.';
    }
    if (err.code === 'invalid_credentials') {
      const left = (err.details as { attemptsLeft?: unknown } | undefined)?.attemptsLeft;
      if (typeof left !== 'number') return 'That email and password don’t match an account.';
      const tries = left === 1 ? 'One more wrong password locks' : `${left} more wrong passwords lock`;
      return `That email and password don’t match an account. ${tries} it for 15 minutes.`;
    }
    if (err.code === 'user_not_found')
      return 'No PipeWeave account uses that email. Ask them to register first.';
    if (err.code.startsWith('http_') && [404, 502, 503, 504].includes(err.status))
      return 'The PipeWeave server is not answering right now. Try again in a moment.';
    if (err.status >= 500) return 'Something went wrong on our side. Please try again.';
    return err.message;
  }
  if (err instanceof Error && err.message) return err.message;
  return 'Something went wrong. Please try again.';
}

/** Maps `invalid_input` issues to their first message per top-level field name. */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const issue of err.issues) {
    const field = issue.path.split('.')[0] ?? '';
    if (field && !(field in out)) out[field] = issue.message;
  }
  return out;
}
