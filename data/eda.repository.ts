import type { Transaction } from 'sequelize';
import { EdaReport } from '../models';

/** Only the EDA feature's database access. */
export class EdaRepository {
  latest(datasetId: string): Promise<EdaReport | null> {
    return EdaReport.findOne({ where: { datasetId }, order: [['createdAt', 'DESC']] });
  }

  findById(id: string): Promise<EdaReport | null> {
    return EdaReport.findByPk(id);
  }

  /** The running report of a dataset, so asking twice does not start two scans. */
  running(datasetId: string, transaction?: Transaction): Promise<EdaReport | null> {
    return EdaReport.findOne({ where: { datasetId, status: 'running' }, transaction });
  }

  /** A new running report; `uq_eda_running_per_dataset` refuses a second one for the dataset. */
  start(
    datasetId: string,
    userId: string,
    reportVersion: string,
    transaction?: Transaction
  ): Promise<EdaReport> {
    return EdaReport.create(
      {
        datasetId,
        userId,
        reportVersion,
        reportSizeBytes: null,
        storageLocation: null,
        fullReport: null,
        s3Bucket: null,
        s3Key: null,
        generationTimeSeconds: null,
        errorMessage: null,
        currentStep: 'Queued'
      },
      { transaction }
    );
  }

  async update(id: string, fields: Partial<Omit<EdaReport, 'id' | 'datasetId' | 'userId'>>): Promise<void> {
    await EdaReport.update(fields, { where: { id } });
  }

  /**
   * Keeps the charts drawn so far in the running row's `full_report`, so a viewer who arrives late
   * gets them from GET; only while it runs, so a late write can never overwrite the finished report.
   */
  async savePartialCharts(id: string, charts: readonly unknown[]): Promise<void> {
    await EdaReport.update({ fullReport: { partial: true, charts } }, { where: { id, status: 'running' } });
  }
}
