import type { QueryInterface } from 'sequelize';

/**
 * Collaborative pipeline documents: a compacted Yjs snapshot per pipeline plus the updates appended
 * since, in commit order. Loading reads the snapshot and the updates in one statement; compaction
 * folds the updates into the snapshot under a row lock. Both cascade away with their pipeline.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE TABLE pipeline_documents (
      pipeline_id uuid PRIMARY KEY REFERENCES pipelines(id) ON DELETE CASCADE ON UPDATE CASCADE,
      state bytea NOT NULL,
      created_at timestamp with time zone NOT NULL DEFAULT now(),
      updated_at timestamp with time zone NOT NULL DEFAULT now()
    )`);
  await qi.sequelize.query(`
    CREATE TABLE pipeline_document_updates (
      id bigserial PRIMARY KEY,
      pipeline_id uuid NOT NULL
        REFERENCES pipeline_documents(pipeline_id) ON DELETE CASCADE ON UPDATE CASCADE,
      data bytea NOT NULL,
      created_at timestamp with time zone NOT NULL DEFAULT now()
    )`);
  await qi.sequelize.query(
    'CREATE INDEX idx_pipeline_document_updates_pipeline ON pipeline_document_updates (pipeline_id, id)'
  );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('pipeline_document_updates', {});
  await qi.dropTable('pipeline_documents', {});
}
