import type { Logger } from 'pino';

let installed: { rejection: (reason: unknown) => void; exception: (err: Error) => void } | undefined;

/**
 * Last line of defence for a long-running process (web or worker). A promise that rejects with
 * nobody listening is a bug in one request or job, not in the process: it is logged and the
 * process keeps serving everyone else (Node 20 would exit). An uncaught exception may have left
 * shared state half-updated, so that one is logged and the process exits for its supervisor to
 * restart it. Installing twice replaces the earlier handlers.
 */
export function installProcessGuards(log: Pick<Logger, 'error' | 'fatal'>, exit = process.exit): void {
  uninstallProcessGuards();
  installed = {
    rejection: (reason) => log.error({ err: reason }, 'unhandled promise rejection (ignored, still serving)'),
    exception: (err) => {
      log.fatal({ err }, 'uncaught exception; exiting');
      exit(1);
    }
  };
  process.on('unhandledRejection', installed.rejection);
  process.on('uncaughtException', installed.exception);
}

/** Removes what {@link installProcessGuards} added (tests). */
export function uninstallProcessGuards(): void {
  if (!installed) return;
  process.off('unhandledRejection', installed.rejection);
  process.off('uncaughtException', installed.exception);
  installed = undefined;
}
