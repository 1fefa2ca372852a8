/** Everything a user can be granted access to; each resolves to exactly one workspace. */
export const RESOURCE_KINDS = ['workspace', 'dataset', 'pipeline', 'job', 'model'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export interface ResourceRef {
  kind: ResourceKind;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Parses a Socket.IO room name such as `dataset:<uuid>`; null for anything else. */
export function parseRoom(room: unknown): ResourceRef | null {
  if (typeof room !== 'string') return null;
  const sep = room.indexOf(':');
  const kind = room.slice(0, sep) as ResourceKind;
  const id = room.slice(sep + 1);
  if (sep < 0 || !RESOURCE_KINDS.includes(kind) || kind === 'model' || !isUuid(id)) return null;
  return { kind, id: id.toLowerCase() };
}

export const roomName = (ref: ResourceRef): string => `${ref.kind}:${ref.id}`;

export const LABEL: Record<ResourceKind, string> = {
  workspace: 'Workspace',
  dataset: 'Dataset',
  pipeline: 'Pipeline',
  job: 'Job',
  model: 'Model'
};
