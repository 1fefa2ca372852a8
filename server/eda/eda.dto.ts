import type { EdaReportDto } from '../../contracts/api';
import type { EdaReport } from '../../models';

export function toEdaDto(r: EdaReport, fullReport: Record<string, unknown> | null): EdaReportDto {
  return {
    id: r.id,
    datasetId: r.datasetId,
    status: r.status,
    progressPercentage: r.progressPercentage,
    currentStep: r.currentStep,
    summary: r.summary,
    fullReport,
    reportVersion: r.reportVersion,
    generationTimeSeconds: r.generationTimeSeconds,
    storageLocation: r.storageLocation,
    errorMessage: r.errorMessage,
    createdAt: r.createdAt.toISOString()
  };
}
