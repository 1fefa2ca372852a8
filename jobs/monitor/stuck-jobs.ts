import type { Logger } from 'pino';
import type { JobOutbox } from '../../core/outbox/job-outbox';
import type { OrphansRepository } from '../../data/orphans.repository';
import type { OutboxRepository, OutboxRow } from '../../data/outbox.repository';
import type { JobHandlers, TrackedJobName } from '../job-handlers';
import type { JobName, JobPayloads } from '../../core/queue/job-types';
import { failForGood, LOST_TWICE, MAX_STALLS, type JobHandler } from '../tracked-job';

export interface StuckJobOptions {
  /** A run silent this long was not picked up again by the queue's own stall check (10–20 s). */
  lostAfterMs: number;
  /** A queued job not started after this long is checked against the queue (lost, or failed unseen). */
  waitingCheckAfterMs: number;
  /** A subject in a worker-owned status, untouched this long and with no open job, is settled. */
  orphanAfterMs: number;
  /** A `verifying` dataset untouched this long lost its request (it touches the row every 10 s). */
  verifyingStaleMs: number;
  keepFinishedMs: number;
}

export const DEFAULT_STUCK_JOB_OPTIONS: StuckJobOptions = {
  lostAfterMs: 60_000,
  waitingCheckAfterMs: 10 * 60_000,
  orphanAfterMs: 10 * 60_000,
  verifyingStaleMs: 2 * 60_000,
  keepFinishedMs: 7 * 24 * 3600_000
};

/** The queue's own view of a job, for rows the outbox cannot settle alone. */
export interface QueueInspector {
  /** null when Redis no longer holds the job. */
  state(name: JobName, id: string): Promise<'queued' | 'failed' | 'succeeded' | null>;
  remove(name: JobName, id: string): Promise<void>;
}

export interface StuckJobDeps {
  outbox: OutboxRepository;
  /** To queue a job for an orphan that never had one. */
  jobs: JobOutbox;
  orphans: OrphansRepository;
  handlers: JobHandlers;
  queues: QueueInspector;
  /** Tells watchers of a dataset moved back from `verifying`. */
  onVerifyingReleased(datasetId: string): Promise<void>;
  log: Logger;
}

export interface SweepResult {
  requeued: string[];
  failed: string[];
  redispatched: string[];
  orphansQueued: string[];
  orphansFailed: string[];
  released: string[];
}

const LOST = 'its worker stopped responding';
const ORPHANED = 'it stopped before finishing and could not be resumed';

/**
 * Settles every job and subject a dead worker could leave stuck, through the same failure path as
 * a job that failed normally: lost runs go back to the queue once and fail the second time; queued
 * jobs Redis lost are sent again; subjects with no job are queued once, else failed.
 */
export async function sweepStuckJobs(
  deps: StuckJobDeps,
  o: StuckJobOptions = DEFAULT_STUCK_JOB_OPTIONS
): Promise<SweepResult> {
  const result: SweepResult = {
    requeued: [],
    failed: [],
    redispatched: [],
    orphansQueued: [],
    orphansFailed: [],
    released: []
  };
  const tracking = { outbox: deps.outbox, log: deps.log };
  const fail = (row: OutboxRow, reason: string) =>
    failForGood(
      row.id,
      row.payload,
      reason,
      deps.handlers[row.jobName as TrackedJobName] as JobHandler<unknown>,
      tracking
    );

  // A job this code does not know (queued by a newer version during a rolling deploy) is left alone.
  const known = (row: OutboxRow) => row.jobName in deps.handlers;
  for (const row of (await deps.outbox.lostRuns(o.lostAfterMs)).filter(known)) {
    if (row.stalls >= MAX_STALLS) {
      await fail(row, LOST_TWICE);
      result.failed.push(row.id);
      continue;
    }
    // Out of Redis first (it may sit in `active` for a dead worker), so the dispatcher's send lands.
    await deps.queues.remove(row.jobName, row.id);
    if (await deps.outbox.requeueLost(row.id, o.lostAfterMs, LOST)) result.requeued.push(row.id);
  }

  for (const row of (await deps.outbox.waitingSince(o.waitingCheckAfterMs)).filter(known)) {
    const state = await deps.queues.state(row.jobName, row.id);
    if (state === null) {
      await deps.outbox.redispatch(row.id);
      result.redispatched.push(row.id);
    } else if (state === 'failed') {
      await fail(row, 'the queue gave up on it');
      result.failed.push(row.id);
    } else if (state === 'succeeded') {
      await deps.outbox.finish(row.id);
    }
  }

  const orphan = async <N extends 'dataset-validate' | 'eda-report'>(
    name: N,
    subjectId: string,
    payload: JobPayloads[N]
  ) => {
    if (await deps.outbox.everQueued(name, subjectId)) {
      await (deps.handlers[name] as JobHandler<typeof payload>).fail(payload, ORPHANED);
      result.orphansFailed.push(subjectId);
    } else {
      await deps.jobs.transaction((t) => deps.jobs.add(t, name, subjectId, payload));
      result.orphansQueued.push(subjectId);
    }
  };
  for (const datasetId of await deps.orphans.datasets(o.orphanAfterMs)) {
    await orphan('dataset-validate', datasetId, { datasetId });
  }
  for (const reportId of await deps.orphans.edaReports(o.orphanAfterMs)) {
    await orphan('eda-report', reportId, { reportId });
  }

  for (const id of await deps.orphans.releaseStaleVerifying(o.verifyingStaleMs)) {
    await deps.onVerifyingReleased(id);
    result.released.push(id);
  }
  await deps.outbox.deleteFinished(o.keepFinishedMs);
  return result;
}
