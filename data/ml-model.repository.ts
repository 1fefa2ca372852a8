import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** One stored file of a model, as the `artifacts` column lists them. */
export interface ArtifactEntry {
  key: string;
  kind: string;
  sha256: string;
  sizeBytes: number;
}

export interface NewModel {
  id: string;
  trainingJobId: string;
  pipelineId: string;
  userId: string;
  workspaceId: string;
  modelType: string;
  frameworkVersion: string;
  s3Bucket: string;
  s3KeyArtifact: string;
  s3KeyConfig: string;
  s3KeyMetadata: string;
  artifactSizeBytes: number;
  artifactChecksum: string;
  metrics: Record<string, number>;
  pipelineVersion: number | null;
  artifacts: ArtifactEntry[];
}

/** The model registry's writes (reads come with the models API). */
export class MlModelRepository {
  constructor(private readonly sequelize: Sequelize) {}

  /**
   * Adds the model as the pipeline's next version (1, 2, …), in `t`. The advisory lock orders
   * jobs of one pipeline finishing at once, so numbers never collide.
   */
  async create(t: Transaction, m: NewModel): Promise<{ id: string; version: number }> {
    await this.sequelize.query(`SELECT pg_advisory_xact_lock(hashtext('models:' || :pipelineId))`, {
      transaction: t,
      replacements: { pipelineId: m.pipelineId }
    });
    const [row] = await this.sequelize.query<{ id: string; version: number }>(
      `INSERT INTO models (id, training_job_id, pipeline_id, user_id, workspace_id, name, model_type, framework_version,
              s3_bucket, s3_key_artifact, s3_key_config, s3_key_metadata, artifact_size_bytes, artifact_checksum,
              metrics, version, pipeline_version, artifacts)
       SELECT :id, :trainingJobId, :pipelineId, :userId, :workspaceId,
              left(p.name, 180) || ' v' || v.n, :modelType, :frameworkVersion, :s3Bucket, :s3KeyArtifact,
              :s3KeyConfig, :s3KeyMetadata, :artifactSizeBytes, :artifactChecksum, :metrics::jsonb, v.n,
              :pipelineVersion, :artifacts::jsonb
         FROM pipelines p,
              (SELECT coalesce(max(version), 0) + 1 AS n FROM models WHERE pipeline_id = :pipelineId) v
        WHERE p.id = :pipelineId
       RETURNING id, version`,
      {
        type: QueryTypes.SELECT,
        transaction: t,
        replacements: { ...m, metrics: JSON.stringify(m.metrics), artifacts: JSON.stringify(m.artifacts) }
      }
    );
    return row!;
  }
}
