import type { DatasetDto } from '$lib/contracts';

/** Newest first, like the server's list. */
function byCreatedDesc(a: DatasetDto, b: DatasetDto): number {
  return b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);
}

/** Whether `incoming` is at least as recent as `current` (an event may overtake a slower fetch). */
export function isNewer(incoming: DatasetDto, current: DatasetDto | undefined): boolean {
  return !current || incoming.updatedAt >= current.updatedAt;
}

/** The list with `dataset` inserted or replaced (unless what we hold is newer), newest first. */
export function upsertDataset(list: readonly DatasetDto[], dataset: DatasetDto): DatasetDto[] {
  const index = list.findIndex((d) => d.id === dataset.id);
  if (index === -1) return [...list, dataset].sort(byCreatedDesc);
  const current = list[index];
  if (!isNewer(dataset, current)) return list as DatasetDto[];
  const next = [...list];
  next[index] = dataset;
  return next;
}

/**
 * A freshly fetched list merged with what live events already told us: the fetched list decides
 * which datasets exist, but a row an event updated more recently than the fetch saw is kept.
 */
export function mergeFetched(current: readonly DatasetDto[], fetched: readonly DatasetDto[]): DatasetDto[] {
  const known = new Map(current.map((d) => [d.id, d]));
  return fetched
    .map((d) => {
      const mine = known.get(d.id);
      return mine && !isNewer(d, mine) ? mine : d;
    })
    .sort(byCreatedDesc);
}

export function removeDataset(list: readonly DatasetDto[], id: string): DatasetDto[] {
  return list.filter((d) => d.id !== id);
}
