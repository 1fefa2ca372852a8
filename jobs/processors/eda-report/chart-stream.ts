import type { EdaChart } from '../../eda/charts';

/**
 * The charts of a running report, in first-seen order, with a sampled chart replaced by its exact one
 * (same id). Each chart is saved before it is announced: whoever misses the event because they
 * join later finds it in the saved list, so nobody can fall between the two. Saves are batched,
 * one at a time, so a burst of charts costs one write.
 */
export class ChartStream {
  private readonly charts = new Map<string, EdaChart>();
  private pending: EdaChart[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    private readonly save: (charts: EdaChart[]) => Promise<void>,
    private readonly announce: (chart: EdaChart) => void,
    private readonly onSaveError: (err: unknown) => void = () => {}
  ) {}

  push(chart: EdaChart): void {
    const known = this.charts.get(chart.id);
    if (known && !known.sampled && chart.sampled) return;
    this.charts.set(chart.id, chart);
    this.pending.push(chart);
    this.draining ??= this.drain();
  }

  /** Resolves once every pushed chart is saved and announced. */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  list(): EdaChart[] {
    return [...this.charts.values()];
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.save(this.list());
      } catch (err) {
        // Live viewers still get the chart; only late joiners would miss it until the report completes.
        this.onSaveError(err);
      }
      for (const chart of batch) this.announce(chart);
    }
    this.draining = null;
  }
}
