import { DuckDBInstance } from '@duckdb/node-api';
import fs from 'node:fs';
import Papa from 'papaparse';

/**
 * The references, one per process so each gets its own peak RSS:
 *   duckdb <csv> <parquet>  — read_csv + COPY TO parquet, DuckDB defaults, 2 threads
 *   papaparse <csv>         — a streamed, typed (dynamicTyping) parse that only counts rows
 */
const [mode, csv, out] = process.argv.slice(2);
const started = performance.now();
let rows = 0;
if (mode === 'duckdb') {
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const conn = await db.connect();
  await conn.run(`COPY (SELECT * FROM read_csv('${csv}')) TO '${out}' (FORMAT parquet)`);
  const r = await conn.runAndReadAll(`SELECT count(*) FROM read_parquet('${out}')`);
  rows = Number(r.getRows()[0]![0]);
} else {
  await new Promise<void>((resolve, reject) => {
    Papa.parse(fs.createReadStream(csv!), {
      header: true,
      dynamicTyping: true,
      skipEmptyLines: true,
      step: () => void rows++,
      complete: () => resolve(),
      error: reject
    });
  });
}
const seconds = (performance.now() - started) / 1000;
const peak = fs.readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+)/)![1];
console.log(JSON.stringify({ seconds, rows, peakRssMb: Number(peak) / 1024 }));
