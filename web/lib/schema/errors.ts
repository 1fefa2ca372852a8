import { ApiError } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Readable messages for the schema endpoints' known failures; anything else as usual. */
export function schemaErrorMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return errorMessage(err);
  const details = (err.details ?? {}) as Record<string, unknown>;
  switch (err.code) {
    case 'schema_columns_mismatch': {
      const groups: Array<[string, string[]]> = [
        ['missing', names(details.missing)],
        ['not in the dataset', names(details.unknown)],
        ['listed twice', names(details.repeated)]
      ];
      const parts = groups
        .filter(([, list]) => list.length > 0)
        .map(([what, list]) => `${what}: ${list.join(', ')}`);
      return `The schema no longer matches the dataset’s columns${parts.length ? ` (${parts.join('; ')})` : ''}. Reload the page and review it again.`;
    }
    case 'deduction_not_open': {
      const status = typeof details.status === 'string' ? details.status : 'closed';
      return `This proposal was already ${status}, probably by a teammate. The latest state is shown.`;
    }
    case 'insufficient_role':
      return 'Only editors and owners can accept, reject or re-deduce a schema.';
    case 'dataset_not_ready':
      return 'A schema can be deduced once the dataset is validated.';
  }
  return errorMessage(err);
}

/** True when the failure means our copy is stale and a reload will show why. */
export function isStale(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'deduction_not_open' || err.status === 404);
}
