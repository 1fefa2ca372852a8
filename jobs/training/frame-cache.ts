import type { ColumnKind, Frame } from '../../ml/frame';

/**
 * The last frame this process loaded: the runs of one sweep that land on the same worker read
 * the dataset once. One entry only (frames can be large), keyed by what was read and how.
 */
let last: { key: string; frame: Promise<Frame> } | null = null;

export function cachedFrame(
  what: { parquetKey: string; kinds: Record<string, ColumnKind>; maxRows: number | null },
  load: () => Promise<Frame>
): Promise<Frame> {
  const key = JSON.stringify([what.parquetKey, Object.entries(what.kinds).sort(), what.maxRows]);
  if (last?.key === key) return last.frame;
  const frame = load();
  last = { key, frame };
  // A failed load is not kept: the next run tries again.
  frame.catch(() => {
    if (last?.frame === frame) last = null;
  });
  return frame;
}
