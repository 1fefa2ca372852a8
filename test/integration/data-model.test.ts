import crypto from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import {
  createDatabase,
  EdaReport,
  ExperimentRun,
  MlModel,
  SchemaDeduction,
  TrainingJob
} from '../../models';
import { factories } from '../support/factories';

let db: Sequelize;
let f: ReturnType<typeof factories>;
beforeAll(() => {
  db = createDatabase(inject('databaseUrl'));
  f = factories(db);
});
afterAll(() => db.close());

/** Expects the statement to be refused by the named constraint. */
async function refusedBy(promise: Promise<unknown>, constraint: RegExp): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e as { parent?: { constraint?: string; message?: string }; message?: string }
  );
  expect(err, 'expected the database to refuse this').not.toBeNull();
  expect(err!.parent?.constraint ?? err!.parent?.message ?? err!.message).toMatch(constraint);
}

describe('data model constraints', () => {
  it('refuses progress outside 0..100 and priority outside 1..10', async () => {
    const o = await f.user();
    const d = await f.dataset(o);
    const p = await f.pipeline(o, d.id);
    const job = await f.job(o, p.id, d.id);
    await refusedBy(
      TrainingJob.update({ progressPercentage: 101 }, { where: { id: job.id } }),
      /training_jobs_progress_range/
    );
    await refusedBy(
      TrainingJob.update({ progressPercentage: -1 }, { where: { id: job.id } }),
      /training_jobs_progress_range/
    );
    await refusedBy(
      TrainingJob.update({ priority: 11 }, { where: { id: job.id } }),
      /training_jobs_priority_range/
    );
    await refusedBy(
      TrainingJob.update({ status: 'paused' as never }, { where: { id: job.id } }),
      /training_jobs_status_check/
    );
    await TrainingJob.update({ progressPercentage: 100, priority: 10 }, { where: { id: job.id } });
  });

  it('refuses an unknown dataset status, a zero size and a second live copy of the same bytes', async () => {
    const o = await f.user();
    await refusedBy(f.dataset(o, { status: 'done' as never }), /datasets_status_check/);
    await refusedBy(f.dataset(o, { fileSizeBytes: 0 }), /datasets_file_size_positive/);
    const hash = crypto.randomBytes(32).toString('hex');
    const first = await f.dataset(o, { fileHashSha256: hash });
    await refusedBy(f.dataset(o, { fileHashSha256: hash }), /uq_datasets_user_hash/);
    // Another user may hold the same bytes.
    await f.dataset(await f.user(), { fileHashSha256: hash });
    // Once the first copy is soft-deleted the user may upload it again.
    await first.destroy();
    await f.dataset(o, { fileHashSha256: hash });
  });

  it('refuses deleting a dataset that a pipeline uses, and cascades its derived metadata', async () => {
    const o = await f.user();
    const used = await f.dataset(o);
    await f.pipeline(o, used.id);
    await refusedBy(
      db.query('DELETE FROM datasets WHERE id = :id', { replacements: { id: used.id } }),
      /pipelines_dataset_id_fkey|violates foreign key/
    );

    const free = await f.dataset(o);
    await SchemaDeduction.create({
      datasetId: free.id,
      userId: o.user.id,
      proposedSchema: { columns: [] },
      confidenceScore: 0.9,
      agentVersion: 'heuristic-1',
      rejectionReason: null
    });
    await EdaReport.create({
      datasetId: free.id,
      userId: o.user.id,
      reportVersion: '1',
      reportSizeBytes: null,
      storageLocation: null,
      fullReport: null,
      s3Bucket: null,
      s3Key: null,
      generationTimeSeconds: null,
      errorMessage: null
    });
    await db.query('DELETE FROM datasets WHERE id = :id', { replacements: { id: free.id } });
    expect(await SchemaDeduction.count({ where: { datasetId: free.id } })).toBe(0);
    expect(await EdaReport.count({ where: { datasetId: free.id } })).toBe(0);
  });

  it('enforces the schema deduction confidence range and one open proposal per dataset', async () => {
    const o = await f.user();
    const d = await f.dataset(o);
    const base = {
      datasetId: d.id,
      userId: o.user.id,
      proposedSchema: { columns: [] },
      agentVersion: 'heuristic-1',
      rejectionReason: null
    };
    await refusedBy(
      SchemaDeduction.create({ ...base, confidenceScore: 1.01 }),
      /schema_deductions_confidence_range/
    );
    await refusedBy(
      SchemaDeduction.create({ ...base, confidenceScore: -0.1 }),
      /schema_deductions_confidence_range/
    );
    const open = await SchemaDeduction.create({ ...base, confidenceScore: 0.5 });
    await refusedBy(SchemaDeduction.create({ ...base, confidenceScore: 0.6 }), /uq_schema_open_proposal/);
    await refusedBy(open.update({ status: 'rejected' }), /schema_deductions_rejection_has_reason/);
    await open.update({ status: 'superseded' });
    await SchemaDeduction.create({ ...base, confidenceScore: 0.6 });
  });

  it('ties EDA storage_location to where the report body is', async () => {
    const o = await f.user();
    const d = await f.dataset(o);
    const base = {
      datasetId: d.id,
      userId: o.user.id,
      reportVersion: '1',
      reportSizeBytes: 10,
      generationTimeSeconds: 1,
      errorMessage: null,
      s3Bucket: null,
      s3Key: null,
      fullReport: null
    };
    await refusedBy(
      EdaReport.create({ ...base, storageLocation: 'postgres', status: 'completed' }),
      /eda_reports_postgres_has_report/
    );
    await refusedBy(
      EdaReport.create({ ...base, storageLocation: 's3', status: 'completed' }),
      /eda_reports_s3_has_key/
    );
    await refusedBy(
      EdaReport.create({ ...base, storageLocation: 'disk' as never }),
      /eda_reports_storage_location_check/
    );
    await refusedBy(
      EdaReport.create({ ...base, storageLocation: null, status: 'completed' }),
      /eda_reports_completed_has_location/
    );
    await EdaReport.create({
      ...base,
      storageLocation: 'postgres',
      status: 'completed',
      fullReport: { columns: [] }
    });
    await EdaReport.create({
      ...base,
      storageLocation: 's3',
      status: 'completed',
      s3Bucket: 'b',
      s3Key: 'datasets/x/y/metadata/r.json'
    });
  });

  it('keeps models when their job would be deleted, and cascades experiment runs', async () => {
    const o = await f.user();
    const d = await f.dataset(o);
    const p = await f.pipeline(o, d.id);
    const job = await f.job(o, p.id, d.id);
    const model = {
      trainingJobId: job.id,
      pipelineId: p.id,
      userId: o.user.id,
      workspaceId: o.workspace.id,
      name: 'm',
      modelType: 'logistic_regression',
      frameworkVersion: 'pipeweave-ml 1',
      s3Bucket: 'local',
      s3KeyArtifact: 'models/a/b/artifacts/model.json',
      s3KeyConfig: null,
      s3KeyMetadata: null,
      artifactSizeBytes: 10,
      artifactChecksum: 'a'.repeat(64),
      version: 1,
      deployedAt: null
    };
    await MlModel.create(model);
    await refusedBy(
      MlModel.create({ ...model, isProduction: true }),
      /models_production_deployed|uq_models_pipeline_version/
    );
    await refusedBy(
      MlModel.create({ ...model, version: 2, isProduction: true, deployedAt: new Date() }).then(() =>
        MlModel.create({ ...model, version: 3, isProduction: true, deployedAt: new Date() })
      ),
      /idx_models_production/
    );
    await refusedBy(
      db.query('DELETE FROM training_jobs WHERE id = :id', { replacements: { id: job.id } }),
      /models_training_job_id_fkey|violates foreign key/
    );

    const job2 = await f.job(o, p.id, d.id);
    await ExperimentRun.create({
      trainingJobId: job2.id,
      userId: o.user.id,
      runNumber: 1,
      trainingTimeSeconds: null
    });
    await refusedBy(
      ExperimentRun.create({
        trainingJobId: job2.id,
        userId: o.user.id,
        runNumber: 1,
        trainingTimeSeconds: null
      }),
      /uq_experiment_runs_job_number/
    );
    await db.query('DELETE FROM training_jobs WHERE id = :id', { replacements: { id: job2.id } });
    expect(await ExperimentRun.count({ where: { trainingJobId: job2.id } })).toBe(0);
  });

  it('stores emails only in normalised form', async () => {
    await refusedBy(
      db.query("INSERT INTO users (email, password_hash, full_name) VALUES ('Upper@Example.test', 'x', 'U')"),
      /users_email_normalised/
    );
  });

  it('has every index the seed lists, partial and GIN ones included', async () => {
    const rows = await db.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
      { type: QueryTypes.SELECT }
    );
    const def = (name: string) => rows.find((r) => r.indexname === name)?.indexdef ?? `missing ${name}`;
    expect(def('idx_users_email')).toMatch(/UNIQUE INDEX .* \(email\)/);
    expect(def('idx_users_active')).toMatch(/WHERE \(?is_active/);
    expect(def('idx_datasets_user_id')).toMatch(/WHERE \(deleted_at IS NULL\)/);
    expect(def('idx_datasets_status')).toMatch(/WHERE \(deleted_at IS NULL\)/);
    expect(def('idx_datasets_hash')).toMatch(/\(file_hash_sha256\)/);
    expect(def('idx_eda_dataset')).toMatch(/\(dataset_id\)/);
    expect(def('idx_eda_summary')).toMatch(/USING gin \(summary\)/);
    expect(def('idx_eda_status')).toMatch(/WHERE \(\(status\)::text = 'running'/);
    expect(def('idx_pipelines_user')).toMatch(/\(user_id\)/);
    expect(def('idx_pipelines_config')).toMatch(/USING gin \(config\)/);
    expect(def('idx_jobs_status')).toMatch(/\(status\)/);
    expect(def('idx_jobs_user')).toMatch(/\(user_id\)/);
    expect(def('idx_jobs_heartbeat')).toMatch(/\(heartbeat_at\) WHERE \(\(status\)::text = 'running'/);
    expect(def('idx_models_job')).toMatch(/\(training_job_id\)/);
    expect(def('idx_models_production')).toMatch(/WHERE \(?is_production/);
    expect(def('idx_models_metrics')).toMatch(/USING gin \(metrics\)/);
  });
});
