import type { Ack } from '../../contracts/realtime';
import { DomainError } from '../../contracts/errors';

/**
 * The one mapping from errors to Socket.IO acks: a domain error keeps its code and message (a
 * refusal reads like its HTTP twin); anything else is hidden behind `internal_error` and `fallback`.
 */
export function ackError(err: unknown, fallback: string): Parameters<Ack>[0] {
  return err instanceof DomainError
    ? { ok: false, error: { code: err.code, message: err.message } }
    : { ok: false, error: { code: 'internal_error', message: fallback } };
}
