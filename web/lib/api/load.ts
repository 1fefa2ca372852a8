import { error } from '@sveltejs/kit';
import { ApiError } from './client';
import { errorMessage } from './errors';

/** Turns a failed API call inside a load function into SvelteKit's error page with a readable message. */
export function loadFailure(err: unknown): never {
  if (err instanceof ApiError) {
    const status = err.status === 0 || err.status >= 500 || err.status < 400 ? 503 : err.status;
    error(status, errorMessage(err));
  }
  throw err;
}
