import crypto from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { Dataset, Pipeline, TrainingJob, User, Workspace, WorkspaceMember } from '../../models';

/** Small row factories for data-layer tests; each call makes unique, valid rows. */
export function factories(_sequelize: Sequelize) {
  const user = async () => {
    const u = await User.create({
      email: `f.${crypto.randomUUID()}@example.test`,
      passwordHash: '$2b$04$' + 'x'.repeat(53),
      fullName: 'Factory User',
      lastLoginAt: null,
      lockedUntil: null,
      passwordChangedAt: null,
      deletedAt: null
    });
    const ws = await Workspace.create({ name: 'F', ownerId: u.id, isPersonal: true, deletedAt: null });
    await WorkspaceMember.create({ workspaceId: ws.id, userId: u.id, role: 'owner' });
    return { user: u, workspace: ws };
  };
  const dataset = async (owner: { user: User; workspace: Workspace }, extra: Partial<Dataset> = {}) =>
    Dataset.create({
      userId: owner.user.id,
      workspaceId: owner.workspace.id,
      name: 'iris.csv',
      description: null,
      s3Bucket: 'local',
      s3KeyRaw: `datasets/${owner.user.id}/${crypto.randomUUID()}/raw/x.csv`,
      s3KeyProcessed: null,
      fileSizeBytes: 100,
      fileHashSha256: crypto.randomBytes(32).toString('hex'),
      numRows: null,
      numColumns: null,
      columnNames: null,
      validationErrors: null,
      deletedAt: null,
      ...extra
    } as never);
  const pipeline = async (owner: { user: User; workspace: Workspace }, datasetId: string) =>
    Pipeline.create({
      userId: owner.user.id,
      workspaceId: owner.workspace.id,
      datasetId,
      name: 'p',
      description: null,
      validatedAt: null,
      deletedAt: null
    });
  const job = async (owner: { user: User; workspace: Workspace }, pipelineId: string, datasetId: string) =>
    TrainingJob.create({
      pipelineId,
      datasetId,
      userId: owner.user.id,
      workspaceId: owner.workspace.id,
      pipelineSnapshot: { nodes: [], edges: [] },
      currentStep: null,
      startedAt: null,
      completedAt: null,
      heartbeatAt: null,
      trainingDurationSeconds: null,
      queueJobId: null,
      errorMessage: null,
      errorTraceback: null
    });
  return { user, dataset, pipeline, job };
}
