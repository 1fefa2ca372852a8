import type { EdaChartDto, EdaReportDto } from '../../contracts/api';
import type { EdaReport } from '../../models';

/**
 * The report as the API shows it. While it runs, `full_report` holds only the charts drawn so far
 * (see EdaRepository.savePartialCharts): they go out as `charts`, never as a full report.
 */
export function toEdaDto(r: EdaReport, fullReport: Record<string, unknown> | null): EdaReportDto {
  const dto: EdaReportDto = {
    id: r.id,
    datasetId: r.datasetId,
    status: r.status,
    progressPercentage: r.progressPercentage,
    currentStep: r.currentStep,
    summary: r.summary,
    fullReport: r.status === 'completed' ? fullReport : null,
    reportVersion: r.reportVersion,
    generationTimeSeconds: r.generationTimeSeconds,
    storageLocation: r.storageLocation,
    errorMessage: r.errorMessage,
    createdAt: r.createdAt.toISOString()
  };
  if (r.status === 'running') {
    const charts = r.fullReport?.charts;
    dto.charts = Array.isArray(charts) ? (charts as EdaChartDto[]) : [];
  }
  return dto;
}
