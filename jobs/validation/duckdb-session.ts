import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** A private in-memory DuckDB with bounded resources; close it when done. */
export interface DuckDbSession {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * Opens a DuckDB sized for a worker that shares the machine: 512 MB of buffer memory (DuckDB spills
 * to `tempDirectory` beyond that), two threads, no extension downloads. The progress bar is enabled
 * only so `connection.progress` reports; printing stays off.
 */
export async function openDuckDbSession(tempDirectory: string): Promise<DuckDbSession> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: '512MB',
    threads: '2',
    temp_directory: tempDirectory,
    autoinstall_known_extensions: 'false'
  });
  const connection = await instance.connect();
  // Session settings, not accepted as instance configuration by the node API.
  await connection.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    }
  };
}

/**
 * Runs a statement while polling DuckDB's query progress (the node API has no progress callback;
 * `connection.progress` is safe to read while the query runs on DuckDB's threads).
 *
 * @param onProgress receives the fraction (0–1) DuckDB reports, when it reports one.
 */
export async function runWithProgress(
  connection: DuckDBConnection,
  sql: string,
  onProgress?: (fraction: number) => void,
  intervalMs = 200
): Promise<number> {
  const timer = onProgress
    ? setInterval(() => {
        const { percentage } = connection.progress;
        if (percentage >= 0) onProgress(Math.min(1, percentage / 100));
      }, intervalMs)
    : null;
  try {
    const result = await connection.run(sql);
    const rows = await result.getRows();
    // COPY returns one row with the number of rows written.
    return Number(rows[0]?.[0] ?? 0);
  } finally {
    if (timer) clearInterval(timer);
  }
}
