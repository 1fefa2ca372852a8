import { SvelteSet } from 'svelte/reactivity';
import type { ColumnRole, ColumnType, ProposedSchema, SchemaDeductionDto } from '$lib/contracts';
import {
  byName,
  changedFields,
  normalizeColumn,
  withType,
  type ColumnField,
  type SchemaColumn
} from './schema';

/** Per column: not looked at yet, the suggestion accepted as is, or corrected by the user. */
export type ReviewState = 'unreviewed' | 'accepted' | 'changed';

/**
 * The user's local review of one open proposal: edited columns and which ones they have looked at.
 * Nothing is sent until "Accept schema"; then the whole edited schema goes, or no body when nothing changed.
 */
export class SchemaDraft {
  readonly deductionId: string;
  /** As typed (a format may carry spaces mid-edit); read through `column()` for the normalized value. */
  #columns = $state<SchemaColumn[]>([]);
  readonly #proposed: ReadonlyMap<string, SchemaColumn>;
  readonly #reviewed = new SvelteSet<string>();

  readonly columns: SchemaColumn[] = $derived(this.#columns.map(normalizeColumn));
  readonly #byName = $derived(byName(this.columns));
  readonly changedCount: number = $derived(
    this.columns.filter((c) => this.changes(c.name).length > 0).length
  );
  readonly reviewedCount: number = $derived(
    this.columns.filter((c) => this.state(c.name) !== 'unreviewed').length
  );

  constructor(deduction: SchemaDeductionDto) {
    this.deductionId = deduction.id;
    const proposed = deduction.proposedSchema.columns.map(normalizeColumn);
    this.#proposed = byName(proposed);
    this.#columns = proposed.map((c) => ({ ...c }));
  }

  /** The column as edited so far (normalized). */
  column(name: string): SchemaColumn | undefined {
    return this.#byName.get(name);
  }

  /** The raw value of a column's format input. */
  formatInput(name: string): string {
    return this.#columns.find((c) => c.name === name)?.format ?? '';
  }

  proposed(name: string): SchemaColumn | undefined {
    return this.#proposed.get(name);
  }

  /** Fields the user changed on this column. */
  changes(name: string): ColumnField[] {
    const proposed = this.#proposed.get(name);
    const current = this.#byName.get(name);
    return proposed && current ? changedFields(proposed, current) : [];
  }

  state(name: string): ReviewState {
    if (this.changes(name).length > 0) return 'changed';
    return this.#reviewed.has(name) ? 'accepted' : 'unreviewed';
  }

  setType(name: string, type: ColumnType): void {
    this.#update(name, (c) => withType(c, type, this.#proposed.get(name)));
  }

  setRole(name: string, role: ColumnRole | undefined): void {
    this.#update(name, (c) => {
      const next = { ...c, role };
      if (!role) delete next.role;
      return next;
    });
  }

  setNullable(name: string, nullable: boolean): void {
    this.#update(name, (c) => ({ ...c, nullable }));
  }

  setFormat(name: string, format: string): void {
    this.#update(name, (c) => ({ ...c, format }));
  }

  /** Takes the suggestion for this column as proposed (undoing edits) and marks it reviewed. */
  acceptColumn(name: string): void {
    this.#restore(name);
    this.#reviewed.add(name);
  }

  /** Back to the suggestion, not reviewed. */
  resetColumn(name: string): void {
    this.#restore(name);
    this.#reviewed.delete(name);
  }

  /** Marks every untouched column as accepted as suggested. */
  acceptAllSuggestions(): void {
    for (const c of this.columns) if (this.changes(c.name).length === 0) this.#reviewed.add(c.name);
  }

  resetAll(): void {
    this.#columns = [...this.#proposed.values()].map((c) => ({ ...c }));
    this.#reviewed.clear();
  }

  /** The full edited schema when anything changed; undefined to accept as proposed. */
  edited(): ProposedSchema | undefined {
    return this.changedCount > 0 ? { columns: this.columns.map((c) => ({ ...c })) } : undefined;
  }

  #update(name: string, change: (column: SchemaColumn) => SchemaColumn): void {
    const i = this.#columns.findIndex((c) => c.name === name);
    const current = this.#columns[i];
    if (current) this.#columns[i] = change(current);
  }

  #restore(name: string): void {
    const proposed = this.#proposed.get(name);
    if (proposed) this.#update(name, () => ({ ...proposed }));
  }
}
