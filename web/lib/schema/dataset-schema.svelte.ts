import { schema as schemaApi } from '$lib/api/client';
import { errorMessage } from '$lib/api/errors';
import { rooms, type SchemaDeductionDto } from '$lib/contracts';
import { realtime } from '$lib/realtime/socket.svelte';
import { SchemaDraft } from './draft.svelte';
import { isStale, schemaErrorMessage } from './errors';

/** After this long without a new proposal, "Deduce again" is offered again with a hint. */
const DEDUCE_SLOW_MS = 45_000;
/** Events for one change may arrive twice (two rooms) or in a burst: reload once. */
const RELOAD_DEBOUNCE_MS = 120;

const VERBS: Record<SchemaDeductionDto['status'], string> = {
  proposed: 'proposed',
  accepted: 'accepted',
  rejected: 'rejected',
  superseded: 'replaced'
};

/**
 * The schema of one dataset as the page shows it: latest deduction, history, the local review draft
 * of an open proposal, and the actions on it. Kept current by `dataset:<id>` events.
 */
export class DatasetSchema {
  readonly datasetId: string;

  latest = $state<SchemaDeductionDto | null>(null);
  /** Newest first. */
  history = $state<SchemaDeductionDto[]>([]);
  loaded = $state(false);
  loadError = $state('');
  draft = $state<SchemaDraft | null>(null);

  /** Set from "Deduce again" until the new proposal shows up. */
  deducing = $state<{ previousId: string | null } | null>(null);
  deduceSlow = $state(false);
  accepting = $state(false);
  actionError = $state('');
  /** What a teammate changed under us (polite notice). */
  notice = $state('');

  #token = 0;
  #reloadTimer: ReturnType<typeof setTimeout> | null = null;
  #slowTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(datasetId: string) {
    this.datasetId = datasetId;
  }

  /** Latest and history together, so they never disagree on screen. */
  async reload(): Promise<void> {
    const token = ++this.#token;
    try {
      const [latest, history] = await Promise.all([
        schemaApi.latest(this.datasetId),
        schemaApi.history(this.datasetId)
      ]);
      if (token !== this.#token) return;
      this.#apply(latest, history);
      this.loadError = '';
    } catch (err) {
      if (token === this.#token) this.loadError = errorMessage(err);
    } finally {
      if (token === this.#token) this.loaded = true;
    }
  }

  /** Joins the dataset room; call from an `$effect` and return the result as its cleanup. */
  connect(): () => void {
    const id = this.datasetId;
    const unsubscribe = realtime.subscribe(
      rooms.dataset(id),
      {
        'schema:proposed': (p) => {
          if (p.datasetId === id) this.#scheduleReload();
        },
        'schema:status': (p) => {
          if (p.datasetId === id) this.#scheduleReload();
        },
        'schema:failed': (p) => {
          if (p.datasetId !== id || !this.deducing) return;
          this.deducing = null;
          this.deduceSlow = false;
          this.actionError = p.errorMessage;
        }
      },
      // Events sent while the tab was away are lost: catch up on every rejoin (and on a first join
      // that comes after the initial load, which may have missed what happened in between).
      {
        onJoined: ({ rejoin }) => {
          if (rejoin || this.loaded) this.#scheduleReload();
        }
      }
    );
    return () => {
      unsubscribe();
      this.#token++;
      this.#clearTimers();
    };
  }

  async deduce(): Promise<void> {
    this.actionError = '';
    this.notice = '';
    this.deducing = { previousId: this.latest?.id ?? null };
    this.deduceSlow = false;
    try {
      await schemaApi.deduce(this.datasetId);
      if (this.#slowTimer) clearTimeout(this.#slowTimer);
      this.#slowTimer = setTimeout(() => {
        if (this.deducing) this.deduceSlow = true;
      }, DEDUCE_SLOW_MS);
    } catch (err) {
      this.deducing = null;
      this.actionError = schemaErrorMessage(err);
    }
  }

  /** Accepts the open proposal with the draft's edits (or as proposed when nothing changed). */
  async accept(): Promise<void> {
    const latest = this.latest;
    if (!latest || latest.status !== 'proposed' || this.accepting) return;
    const edited = this.draft?.deductionId === latest.id ? this.draft.edited() : undefined;
    this.accepting = true;
    this.actionError = '';
    this.notice = '';
    try {
      this.#applyOne(await schemaApi.accept(latest.id, edited));
      void this.reload();
    } catch (err) {
      this.actionError = schemaErrorMessage(err);
      if (isStale(err)) void this.reload();
    } finally {
      this.accepting = false;
    }
  }

  /** Rejects the open proposal; failures are thrown for the dialog to show. */
  async reject(reason: string): Promise<void> {
    const latest = this.latest;
    if (!latest) return;
    this.actionError = '';
    this.notice = '';
    try {
      this.#applyOne(await schemaApi.reject(latest.id, reason));
    } catch (err) {
      if (isStale(err)) void this.reload();
      throw err;
    }
    void this.reload();
  }

  #apply(latest: SchemaDeductionDto | null, history: SchemaDeductionDto[]): void {
    const before = this.latest;
    const editing = (this.draft?.changedCount ?? 0) > 0 || (this.draft?.reviewedCount ?? 0) > 0;
    // Our own failed action already says what happened (e.g. deduction_not_open).
    if (before && latest && before.status === 'proposed' && !this.deducing && !this.actionError) {
      const lost = editing ? ' Your unsaved review of it was discarded.' : '';
      if (latest.id !== before.id)
        this.notice = `A new deduction replaced the proposal you were looking at.${lost}`;
      else if (latest.status !== 'proposed')
        this.notice = `This schema was just ${VERBS[latest.status]} by a teammate (or in another tab).${lost}`;
    }
    this.latest = latest;
    this.history = history;
    this.#syncDraft();
    if (this.deducing && latest && latest.id !== this.deducing.previousId) this.#doneDeducing();
  }

  /** A deduction the server just returned to us: show it before the follow-up reload. */
  #applyOne(deduction: SchemaDeductionDto): void {
    this.latest = deduction;
    this.history = this.history.map((d) => (d.id === deduction.id ? deduction : d));
    this.#syncDraft();
  }

  #syncDraft(): void {
    const latest = this.latest;
    if (latest?.status !== 'proposed') this.draft = null;
    else if (this.draft?.deductionId !== latest.id) this.draft = new SchemaDraft(latest);
  }

  #doneDeducing(): void {
    this.deducing = null;
    this.deduceSlow = false;
    if (this.#slowTimer) clearTimeout(this.#slowTimer);
    this.#slowTimer = null;
  }

  #scheduleReload(): void {
    if (this.#reloadTimer) clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => {
      this.#reloadTimer = null;
      void this.reload();
    }, RELOAD_DEBOUNCE_MS);
  }

  #clearTimers(): void {
    if (this.#reloadTimer) clearTimeout(this.#reloadTimer);
    if (this.#slowTimer) clearTimeout(this.#slowTimer);
    this.#reloadTimer = this.#slowTimer = null;
  }
}
