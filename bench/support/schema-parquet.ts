import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from '../../jobs/validation/read-csv-sql';

/** Writes the benchmark file: 20 columns covering every profile branch. */
export async function writeBenchParquet(parquetPath: string, rows: number): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '2' });
  const connection = await instance.connect();
  try {
    await connection.run(`COPY (
      SELECT
        i AS id,
        uuid()::VARCHAR AS event_uuid,
        (i % 7) AS weekday,
        (hash(i) % 100000)::BIGINT AS amount_cents,
        CASE WHEN i % 10 = 0 THEN NULL ELSE (hash(i * 3) % 10000) / 100.0 END::DOUBLE AS price,
        random() AS score,
        (hash(i) % 2 = 0) AS is_active,
        CASE WHEN i % 3 = 0 THEN 'yes' ELSE 'no' END AS newsletter,
        ['red', 'green', 'blue', 'black', 'white'][(i % 5) + 1] AS colour,
        'city_' || (hash(i * 7) % 300)::VARCHAR AS city,
        strftime(DATE '2020-01-01' + (i % 1500)::INTEGER, '%d/%m/%Y') AS order_date,
        strftime(TIMESTAMP '2020-01-01' + to_seconds(i * 37), '%Y-%m-%dT%H:%M:%S') AS created_at,
        DATE '2019-01-01' + (i % 2000)::INTEGER AS ship_date,
        'Customer wrote: item ' || i::VARCHAR || ' arrived ' || CASE WHEN i % 2 = 0 THEN 'late and damaged' ELSE 'on time' END AS comment,
        CASE WHEN i % 100 = 0 THEN 'rare note ' || i::VARCHAR END AS sparse_note,
        (hash(i * 11) % 90 + 10)::INTEGER AS age,
        (hash(i * 13) % 1000) / 10.0 AS temperature,
        (100 + (i % 8) * 101) AS store_code,
        md5(i::VARCHAR) AS checksum,
        (i % 4 = 0)::INTEGER AS churned
      FROM range(${rows}) t(i)
    ) TO ${sqlString(parquetPath)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
