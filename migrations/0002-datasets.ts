import { DataTypes, type QueryInterface } from 'sequelize';
import {
  DATASET_STATUSES,
  EDA_STATUSES,
  EDA_STORAGE_LOCATIONS,
  SCHEMA_DEDUCTION_STATUSES
} from '../contracts/statuses';
import { addCheck, fk, jsonb, oneOf, softDelete, timestamps, uuidPk } from './columns';

/** Datasets and the metadata derived from them: schema deductions and EDA reports. */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('datasets', {
    id: uuidPk(),
    user_id: fk('users', 'RESTRICT'),
    workspace_id: fk('workspaces', 'RESTRICT'),
    name: { type: DataTypes.STRING(200), allowNull: false },
    description: { type: DataTypes.TEXT, allowNull: true },
    s3_bucket: { type: DataTypes.STRING(255), allowNull: false },
    s3_key_raw: { type: DataTypes.STRING(1024), allowNull: false },
    s3_key_processed: { type: DataTypes.STRING(1024), allowNull: true },
    file_size_bytes: { type: DataTypes.BIGINT, allowNull: false },
    file_hash_sha256: { type: DataTypes.CHAR(64), allowNull: true },
    content_type: { type: DataTypes.STRING(120), allowNull: false, defaultValue: 'text/csv' },
    num_rows: { type: DataTypes.BIGINT, allowNull: true },
    num_columns: { type: DataTypes.INTEGER, allowNull: true },
    column_names: { type: DataTypes.ARRAY(DataTypes.TEXT), allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'uploading' },
    validation_errors: jsonb(true),
    ...timestamps(),
    ...softDelete()
  });
  await addCheck(qi, 'datasets', 'datasets_status_check', oneOf('status', DATASET_STATUSES));
  await addCheck(qi, 'datasets', 'datasets_file_size_positive', 'file_size_bytes > 0');
  await addCheck(qi, 'datasets', 'datasets_hash_format', "file_hash_sha256 ~ '^[0-9a-f]{64}$'");
  // UNIQUE(user_id, file_hash_sha256) over live rows: a user who deletes a dataset may upload the same bytes again.
  await qi.addIndex('datasets', ['user_id', 'file_hash_sha256'], {
    name: 'uq_datasets_user_hash',
    unique: true,
    where: { deleted_at: null }
  });
  await qi.addIndex('datasets', ['user_id'], { name: 'idx_datasets_user_id', where: { deleted_at: null } });
  await qi.addIndex('datasets', ['status'], { name: 'idx_datasets_status', where: { deleted_at: null } });
  await qi.addIndex('datasets', ['file_hash_sha256'], { name: 'idx_datasets_hash' });
  await qi.addIndex('datasets', ['workspace_id', 'created_at'], {
    name: 'idx_datasets_workspace',
    where: { deleted_at: null }
  });

  await qi.createTable('schema_deductions', {
    id: uuidPk(),
    dataset_id: fk('datasets', 'CASCADE'),
    user_id: fk('users', 'RESTRICT'),
    proposed_schema: jsonb(false),
    column_metadata: jsonb(false, {}),
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'proposed' },
    confidence_score: { type: DataTypes.DOUBLE, allowNull: false },
    agent_version: { type: DataTypes.STRING(120), allowNull: false },
    rejection_reason: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps()
  });
  await addCheck(
    qi,
    'schema_deductions',
    'schema_deductions_status_check',
    oneOf('status', SCHEMA_DEDUCTION_STATUSES)
  );
  await addCheck(
    qi,
    'schema_deductions',
    'schema_deductions_confidence_range',
    'confidence_score BETWEEN 0 AND 1'
  );
  await addCheck(
    qi,
    'schema_deductions',
    'schema_deductions_rejection_has_reason',
    "status <> 'rejected' OR rejection_reason IS NOT NULL"
  );
  await qi.addIndex('schema_deductions', ['dataset_id', 'created_at'], { name: 'idx_schema_dataset' });
  // At most one open proposal per dataset: a new one must supersede it first.
  await qi.addIndex('schema_deductions', ['dataset_id'], {
    name: 'uq_schema_open_proposal',
    unique: true,
    where: { status: 'proposed' }
  });

  await qi.createTable('eda_reports', {
    id: uuidPk(),
    dataset_id: fk('datasets', 'CASCADE'),
    user_id: fk('users', 'RESTRICT'),
    summary: jsonb(false, {}),
    report_size_bytes: { type: DataTypes.BIGINT, allowNull: true },
    storage_location: { type: DataTypes.STRING(16), allowNull: true },
    full_report: jsonb(true),
    s3_bucket: { type: DataTypes.STRING(255), allowNull: true },
    s3_key: { type: DataTypes.STRING(1024), allowNull: true },
    report_version: { type: DataTypes.STRING(32), allowNull: false },
    generation_time_seconds: { type: DataTypes.DOUBLE, allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'running' },
    error_message: { type: DataTypes.TEXT, allowNull: true },
    ...timestamps()
  });
  await addCheck(qi, 'eda_reports', 'eda_reports_status_check', oneOf('status', EDA_STATUSES));
  await addCheck(
    qi,
    'eda_reports',
    'eda_reports_storage_location_check',
    oneOf('storage_location', EDA_STORAGE_LOCATIONS)
  );
  await addCheck(
    qi,
    'eda_reports',
    'eda_reports_postgres_has_report',
    "storage_location <> 'postgres' OR full_report IS NOT NULL"
  );
  await addCheck(
    qi,
    'eda_reports',
    'eda_reports_s3_has_key',
    "storage_location <> 's3' OR (s3_bucket IS NOT NULL AND s3_key IS NOT NULL)"
  );
  // A running report has nowhere to point yet; a completed one must say where its body is.
  await addCheck(
    qi,
    'eda_reports',
    'eda_reports_completed_has_location',
    "status <> 'completed' OR storage_location IS NOT NULL"
  );
  await addCheck(
    qi,
    'eda_reports',
    'eda_reports_size_non_negative',
    'report_size_bytes IS NULL OR report_size_bytes >= 0'
  );
  await qi.addIndex('eda_reports', ['dataset_id'], { name: 'idx_eda_dataset' });
  await qi.addIndex('eda_reports', ['summary'], { name: 'idx_eda_summary', using: 'gin' });
  await qi.addIndex('eda_reports', ['status'], { name: 'idx_eda_status', where: { status: 'running' } });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of ['eda_reports', 'schema_deductions', 'datasets']) {
    await qi.dropTable(table, {});
  }
}
