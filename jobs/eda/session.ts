import os from 'node:os';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface EdaSession {
  connection: DuckDBConnection;
  close(): void;
}

/**
 * A private in-memory DuckDB for one report. It uses every core (a report is one job at a time per
 * worker, and its scans parallelise across row groups) and 512 MB of buffer memory, spilling to
 * `tempDirectory` beyond that; extension downloads stay off.
 */
export async function openEdaSession(
  tempDirectory: string = os.tmpdir(),
  threads: number = os.availableParallelism()
): Promise<EdaSession> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: '512MB',
    threads: String(Math.max(1, threads)),
    temp_directory: tempDirectory,
    autoinstall_known_extensions: 'false'
  });
  const connection = await instance.connect();
  return {
    connection,
    close: () => {
      connection.closeSync();
      instance.closeSync();
    }
  };
}
