import client, { type Registry } from 'prom-client';

/**
 * Gauges read live counts when scraped; the counter counts stored update rows (one per group
 * commit); the summary is the time the durable write adds before an update reaches other peers.
 */
export function collabMetrics(registry: Registry, read: () => { documents: number; connections: number }) {
  new client.Gauge({
    name: 'pipeweave_collab_documents_loaded',
    help: 'Collaborative documents loaded on this process',
    registers: [registry],
    collect() {
      this.set(read().documents);
    }
  });
  new client.Gauge({
    name: 'pipeweave_collab_connections',
    help: 'Open collaboration WebSocket connections on this process',
    registers: [registry],
    collect() {
      this.set(read().connections);
    }
  });
  const persisted = new client.Counter({
    name: 'pipeweave_collab_update_rows_written_total',
    help: 'Document update rows written to Postgres (each holds one group commit)',
    registers: [registry]
  });
  const waited = new client.Summary({
    name: 'pipeweave_collab_update_write_wait_seconds',
    help: 'From an update arriving to its row being committed, when peers receive it (last 10 minutes)',
    percentiles: [0.5, 0.9, 0.99],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    registers: [registry]
  });
  return {
    persisted: (waitedMs: number[]) => {
      persisted.inc(1);
      for (const ms of waitedMs) waited.observe(ms / 1000);
    }
  };
}
