import { DataTypes, type QueryInterface } from 'sequelize';
import { VERSION_STATUSES } from '../contracts/pipeline';
import { addCheck, fk, jsonb, oneOf, uuidPk } from './columns';

/**
 * Saved versions of a pipeline: immutable snapshots numbered 1..n per pipeline, where
 * `pipelines.version` holds n. Existing pipelines get their current state as their first saved
 * version, so every pipeline has versions 1..version from here on.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('pipeline_versions', {
    id: uuidPk(),
    pipeline_id: fk('pipelines', 'CASCADE'),
    version: { type: DataTypes.INTEGER, allowNull: false },
    config: jsonb(false),
    name: { type: DataTypes.STRING(200), allowNull: false },
    message: { type: DataTypes.TEXT, allowNull: true },
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'draft' },
    validation: jsonb(true),
    created_by: fk('users', 'RESTRICT'),
    created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: qi.sequelize.literal('now()') }
  });
  await addCheck(
    qi,
    'pipeline_versions',
    'pipeline_versions_status_check',
    oneOf('status', VERSION_STATUSES)
  );
  await addCheck(qi, 'pipeline_versions', 'pipeline_versions_version_positive', 'version >= 1');
  await qi.addIndex('pipeline_versions', ['pipeline_id', 'version'], {
    name: 'uq_pipeline_versions_pipeline_version',
    unique: true
  });
  await qi.addIndex('pipeline_versions', ['created_by'], { name: 'idx_pipeline_versions_created_by' });
  await qi.sequelize.query(`
    INSERT INTO pipeline_versions (pipeline_id, version, config, name, message, status, created_by, created_at)
    SELECT id, version, config, name, 'Saved when version history began', 'draft', user_id, updated_at
      FROM pipelines`);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('pipeline_versions', {});
}
