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

export const LABEL: Record<ResourceKind, string> = {
  workspace: 'Workspace',
  dataset: 'Dataset',
  pipeline: 'Pipeline',
  job: 'Job',
  model: 'Model'
};
