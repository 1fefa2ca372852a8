import crypto from 'node:crypto';
import type { WorkspaceDto } from '../../../contracts/api';
import type { PipelineConfig, PipelineEdge, PipelineNode } from '../../../contracts/pipeline';
import { Dataset, SchemaDeduction } from '../../../models';

/** Row-level fixtures for the pipelines integration tests: datasets as validation leaves them. */

interface Client {
  get<T>(path: string): Promise<{ status: number; body: T }>;
  post<T>(path: string, body?: unknown): Promise<{ status: number; body: T }>;
}

export const IRIS_COLUMNS = [
  { name: 'id', type: 'id', nullable: false, role: 'id' },
  { name: 'sepal_length', type: 'float', nullable: false, role: 'feature' },
  { name: 'sepal_width', type: 'float', nullable: true, role: 'feature' },
  { name: 'color', type: 'categorical', nullable: false, role: 'feature' },
  { name: 'species', type: 'categorical', nullable: false, role: 'target' }
] as const;

export async function personalWorkspaceId(client: Client): Promise<string> {
  const { body } = await client.get<{ workspaces: WorkspaceDto[] }>('/api/workspaces');
  return body.workspaces.find((w) => w.isPersonal)!.id;
}

/** A team workspace owned by `owner` with `member` added in `role`. */
export async function sharedWorkspace(owner: Client, memberEmail: string, role: 'editor' | 'viewer') {
  const { body } = await owner.post<{ workspace: WorkspaceDto }>('/api/workspaces', { name: 'Team' });
  const added = await owner.post(`/api/workspaces/${body.workspace.id}/members`, {
    email: memberEmail,
    role
  });
  if (added.status !== 201) throw new Error(`adding a member failed: ${added.status}`);
  return body.workspace.id;
}

/**
 * A dataset row as validation leaves it (status, column names); with `schema: 'accepted'` also an
 * accepted schema deduction whose target is `species`.
 */
export async function irisDataset(
  userId: string,
  workspaceId: string,
  options: { schema?: 'accepted' | 'none'; status?: 'validated' | 'uploaded' } = {}
): Promise<Dataset> {
  const status = options.status ?? 'validated';
  const dataset = await Dataset.create({
    userId,
    workspaceId,
    name: 'iris.csv',
    description: null,
    status,
    s3Bucket: 'local',
    s3KeyRaw: `datasets/${userId}/${crypto.randomUUID()}/raw/iris.csv`,
    s3KeyProcessed: null,
    fileSizeBytes: 1000,
    fileHashSha256: crypto.randomBytes(32).toString('hex'),
    contentType: 'text/csv',
    numRows: status === 'validated' ? 150 : null,
    numColumns: status === 'validated' ? IRIS_COLUMNS.length : null,
    columnNames: status === 'validated' ? IRIS_COLUMNS.map((c) => c.name) : null,
    validationErrors: null,
    deletedAt: null
  } as never);
  if ((options.schema ?? 'accepted') === 'accepted' && status === 'validated') {
    await SchemaDeduction.create({
      datasetId: dataset.id,
      userId,
      proposedSchema: { columns: IRIS_COLUMNS.map((c) => ({ ...c })) },
      columnMetadata: {},
      confidenceScore: 0.9,
      agentVersion: 'heuristic-1',
      status: 'accepted',
      rejectionReason: null
    });
  }
  return dataset;
}

const node = (id: string, type: string, params: Record<string, unknown> = {}, x = 0): PipelineNode => ({
  id,
  type,
  params,
  position: { x, y: 0 }
});
const edge = (id: string, source: string, target: string, targetPort?: string): PipelineEdge => ({
  id,
  source,
  target,
  ...(targetPort ? { targetPort } : {})
});

/** dataset → scale → split → random forest → evaluate: valid against IRIS_COLUMNS. */
export function irisPipeline(): PipelineConfig {
  return {
    nodes: [
      node('data', 'dataset', {}, 0),
      node('scale', 'scale', { columns: ['sepal_length', 'sepal_width'] }, 200),
      node('split', 'train_test_split', { test_size: 0.2 }, 400),
      node('forest', 'random_forest', { n_estimators: 50 }, 600),
      node('eval', 'evaluate', {}, 800)
    ],
    edges: [
      edge('e1', 'data', 'scale'),
      edge('e2', 'scale', 'split'),
      edge('e3', 'split', 'forest'),
      edge('e4', 'forest', 'eval', 'model'),
      edge('e5', 'split', 'eval', 'data')
    ]
  };
}
