import client, { type Registry } from 'prom-client';

/** Gauges read live counts when scraped; the counter counts stored update rows (one per group commit). */
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
  return { persisted: (rows: number) => persisted.inc(rows) };
}
