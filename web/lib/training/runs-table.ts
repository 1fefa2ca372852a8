import type { ExperimentRunDto } from './types';

/**
 * The runs table: a column per swept hyperparameter and per test metric, rows sortable by any of
 * them. Runs without the value (still running, or failed) always sort last.
 */

export type RunColumn =
  | { kind: 'run'; key: 'runNumber'; label: string }
  | { kind: 'param'; key: string; label: string }
  | { kind: 'metric'; key: string; label: string }
  | { kind: 'time'; key: 'trainingTimeSeconds'; label: string };

export interface RunSort {
  column: string;
  descending: boolean;
}

/** Metrics where lower is better, so the first click on them sorts the best first. */
const LOWER_IS_BETTER = /loss|rmse|mse|mae|error/i;

const columnId = (c: RunColumn) => `${c.kind}:${c.key}`;

export function runColumns(runs: readonly ExperimentRunDto[]): RunColumn[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const run of runs) {
    for (const key of Object.keys(run.hyperparameters)) params.add(key);
    for (const key of Object.keys(run.metrics ?? {})) metrics.add(key);
  }
  return [
    { kind: 'run', key: 'runNumber', label: 'Run' },
    ...[...params].sort().map((key): RunColumn => ({ kind: 'param', key, label: key })),
    ...[...metrics].map((key): RunColumn => ({ kind: 'metric', key, label: key })),
    { kind: 'time', key: 'trainingTimeSeconds', label: 'Time' }
  ];
}

export { columnId };

function cellValue(run: ExperimentRunDto, column: RunColumn): unknown {
  switch (column.kind) {
    case 'run':
      return run.runNumber;
    case 'param':
      return run.hyperparameters[column.key];
    case 'metric':
      return run.metrics?.[column.key];
    case 'time':
      return run.trainingTimeSeconds;
  }
}

export function cellText(run: ExperimentRunDto, column: RunColumn): string {
  const value = cellValue(run, column);
  if (value === undefined || value === null) return column.kind === 'param' && value === null ? 'null' : '—';
  if (column.kind === 'time' && typeof value === 'number') return `${value.toFixed(value < 10 ? 2 : 1)} s`;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(4);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The sort a click on `column` gives: the same column flips, a new metric starts best first. */
export function nextSort(current: RunSort, column: RunColumn): RunSort {
  const id = columnId(column);
  if (current.column === id) return { column: id, descending: !current.descending };
  const descending = column.kind === 'metric' && !LOWER_IS_BETTER.test(column.key);
  return { column: id, descending };
}

export const DEFAULT_SORT: RunSort = { column: 'run:runNumber', descending: false };

export function sortRuns(
  runs: readonly ExperimentRunDto[],
  columns: readonly RunColumn[],
  sort: RunSort
): ExperimentRunDto[] {
  const column = columns.find((c) => columnId(c) === sort.column) ?? columns[0];
  if (!column) return [...runs];
  const sign = sort.descending ? -1 : 1;
  return [...runs].sort((a, b) => {
    const va = cellValue(a, column);
    const vb = cellValue(b, column);
    const missingA = va === undefined || va === null;
    const missingB = vb === undefined || vb === null;
    if (missingA || missingB) return missingA === missingB ? a.runNumber - b.runNumber : missingA ? 1 : -1;
    const order =
      typeof va === 'number' && typeof vb === 'number'
        ? va - vb
        : String(va).localeCompare(String(vb), undefined, { numeric: true });
    return order * sign || a.runNumber - b.runNumber;
  });
}
