import { Frame, type Column } from '../../ml/frame';
import type { ColumnKind } from '../../ml/frame';
import { invalidData } from '../../ml/errors';
import { openDuckDbSession } from '../validation/duckdb-session';
import { sqlIdentifier, sqlString } from '../validation/read-csv-sql';

/**
 * Reads the dataset's Parquet copy straight into the engine's typed arrays: DuckDB casts each
 * column to the kind the accepted schema gives it (numbers as DOUBLE, datetimes as epoch
 * milliseconds, everything else as text codes), and the rows go chunk by chunk into
 * Float64Array / Int32Array columns, never through row objects. Row order is the file's.
 */
export async function loadFrame(
  parquetPath: string,
  kinds: Record<string, ColumnKind>,
  options: { maxRows: number | null; tempDirectory: string; datetimeColumns?: readonly string[] }
): Promise<Frame> {
  const session = await openDuckDbSession(options.tempDirectory);
  try {
    const c = session.connection;
    const source = `read_parquet(${sqlString(parquetPath)}, hive_partitioning=false)`;
    const present = new Set(
      (await (await c.run(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${source})`)).getRows()).map((r) =>
        String(r[0])
      )
    );
    const names = Object.keys(kinds);
    for (const name of names) {
      if (!present.has(name))
        throw invalidData(
          name,
          `The dataset has no column "${name}", which the schema lists.`,
          'Accept the schema again.'
        );
    }
    const datetimes = new Set(options.datetimeColumns ?? []);
    const select = names.map((name) => {
      const col = sqlIdentifier(name);
      if (kinds[name] === 'categorical') return `CAST(${col} AS VARCHAR)`;
      if (datetimes.has(name)) return `epoch_ms(TRY_CAST(${col} AS TIMESTAMP))::DOUBLE`;
      return `TRY_CAST(${col} AS DOUBLE)`;
    });
    const limit = options.maxRows === null ? '' : ` LIMIT ${Math.floor(options.maxRows)}`;
    const counted = await (await c.run(`SELECT count(*) FROM (SELECT 1 FROM ${source}${limit})`)).getRows();
    const n = Number(counted[0]![0]);
    const columns = names.map((name) => allocate(name, kinds[name]!, n));
    const levelIndex = columns.map(() => new Map<string, number>());

    const result = await c.stream(`SELECT ${select.join(', ') || '1'} FROM ${source}${limit}`);
    let row = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const size = chunk.rowCount;
      columns.forEach((column, i) => {
        const values = chunk.getColumnValues(i);
        if (column.kind === 'numeric') fillNumeric(column, values, row, size);
        else fillCategorical(column, levelIndex[i]!, values, row, size);
      });
      row += size;
    }
    return new Frame(columns, n);
  } finally {
    session.close();
  }
}

function allocate(name: string, kind: ColumnKind, n: number): Column {
  const missing = new Uint8Array(n);
  return kind === 'numeric'
    ? { kind, name, values: new Float64Array(n), missing }
    : { kind, name, codes: new Int32Array(n), levels: [], missing };
}

function fillNumeric(
  c: Extract<Column, { kind: 'numeric' }>,
  values: readonly unknown[],
  at: number,
  size: number
): void {
  for (let r = 0; r < size; r++) {
    const v = values[r];
    const x = typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
    if (Number.isNaN(x)) {
      c.values[at + r] = NaN;
      c.missing[at + r] = 1;
    } else if (!Number.isFinite(x)) {
      throw invalidData(
        c.name,
        `Column "${c.name}" holds an infinite value at row ${at + r + 1}.`,
        'Replace infinities in the data, or clip the column, before training.'
      );
    } else c.values[at + r] = x;
  }
}

// Levels in order of first appearance, as the engine's own categoricalColumn codes them.
function fillCategorical(
  c: Extract<Column, { kind: 'categorical' }>,
  index: Map<string, number>,
  values: readonly unknown[],
  at: number,
  size: number
): void {
  for (let r = 0; r < size; r++) {
    const v = values[r];
    if (v === null || v === undefined || v === '') {
      c.codes[at + r] = -1;
      c.missing[at + r] = 1;
      continue;
    }
    const key = String(v);
    let code = index.get(key);
    if (code === undefined) {
      code = c.levels.length;
      c.levels.push(key);
      index.set(key, code);
    }
    c.codes[at + r] = code;
  }
}
