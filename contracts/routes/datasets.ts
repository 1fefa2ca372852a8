import { z } from 'zod';
import {
  acceptDeductionBody,
  createDatasetBody,
  datasetDto,
  datasetPreviewDto,
  edaReportDto,
  rejectDeductionBody,
  revalidateDatasetBody,
  schemaDeductionDto,
  uploadTicket
} from '../api';
import { pageQuery } from '../pagination';
import { type ApiRoute, page } from './route';

const datasetReply = z.object({ dataset: datasetDto });
const deductionReply = z.object({ deduction: schemaDeductionDto });
const reportReply = z.object({ report: edaReportDto });

/** Datasets, their schema deduction and EDA reports. */
export const datasetRoutes = {
  // ── Datasets ────────────────────────────────────────────────────────────────────────────
  createDataset: {
    method: 'post',
    path: '/api/datasets',
    tag: 'Datasets',
    auth: 'session',
    status: 201,
    summary: 'Announce an upload',
    description: 'Answers where to PUT the bytes; then call `complete`.',
    body: createDatasetBody,
    response: z.object({ dataset: datasetDto, upload: uploadTicket }),
    errors: [409, 413]
  },
  listDatasets: {
    method: 'get',
    path: '/api/datasets',
    tag: 'Datasets',
    auth: 'session',
    status: 200,
    summary: 'Datasets, newest first',
    query: pageQuery.extend({ workspaceId: z.uuid().optional() }),
    response: z.object({ datasets: z.array(datasetDto), ...page })
  },
  getDataset: {
    method: 'get',
    path: '/api/datasets/:id',
    tag: 'Datasets',
    auth: 'session',
    status: 200,
    summary: 'One dataset',
    response: datasetReply
  },
  completeDataset: {
    method: 'post',
    path: '/api/datasets/:id/complete',
    tag: 'Datasets',
    auth: 'session',
    status: 202,
    summary: 'The bytes are uploaded: check them and start validation',
    response: datasetReply,
    errors: [409, 429]
  },
  revalidateDataset: {
    method: 'post',
    path: '/api/datasets/:id/revalidate',
    tag: 'Datasets',
    auth: 'session',
    status: 202,
    summary: 'Validate a failed or validated dataset again, optionally reading its first lines differently',
    description:
      'For files that do not start with their header (`read.skipLines`, `read.header`); without `read`, the reading used last time. No re-upload.',
    body: revalidateDatasetBody,
    response: datasetReply,
    errors: [409]
  },
  previewDataset: {
    method: 'get',
    path: '/api/datasets/:id/preview',
    tag: 'Datasets',
    auth: 'session',
    status: 200,
    summary: 'The first rows, typed',
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    response: datasetPreviewDto,
    errors: [409]
  },
  deleteDataset: {
    method: 'delete',
    path: '/api/datasets/:id',
    tag: 'Datasets',
    auth: 'session',
    status: 204,
    summary: 'Delete a dataset (soft)',
    errors: [409]
  },

  // ── Schema deduction ────────────────────────────────────────────────────────────────────
  latestSchema: {
    method: 'get',
    path: '/api/datasets/:id/schema',
    tag: 'Schema',
    auth: 'session',
    status: 200,
    summary: "The dataset's latest deduction",
    response: deductionReply
  },
  schemaHistory: {
    method: 'get',
    path: '/api/datasets/:id/schema/history',
    tag: 'Schema',
    auth: 'session',
    status: 200,
    summary: 'Every deduction, newest first',
    query: pageQuery,
    response: z.object({ deductions: z.array(schemaDeductionDto), ...page })
  },
  deduceSchema: {
    method: 'post',
    path: '/api/datasets/:id/schema/deduce',
    tag: 'Schema',
    auth: 'session',
    status: 202,
    summary: 'Queue a new deduction',
    response: z.object({
      datasetId: z.uuid(),
      queued: z
        .boolean()
        .meta({ description: 'False when a deduction for this dataset is already under way.' })
    }),
    errors: [409, 429]
  },
  acceptDeduction: {
    method: 'post',
    path: '/api/schema-deductions/:id/accept',
    tag: 'Schema',
    auth: 'session',
    status: 200,
    summary: 'Accept a deduction, as proposed or edited',
    body: acceptDeductionBody,
    response: deductionReply,
    errors: [409]
  },
  rejectDeduction: {
    method: 'post',
    path: '/api/schema-deductions/:id/reject',
    tag: 'Schema',
    auth: 'session',
    status: 200,
    summary: 'Reject a deduction',
    body: rejectDeductionBody,
    response: deductionReply,
    errors: [409]
  },

  // ── EDA ─────────────────────────────────────────────────────────────────────────────────
  requestEda: {
    method: 'post',
    path: '/api/datasets/:id/eda',
    tag: 'EDA',
    auth: 'session',
    status: 202,
    summary: 'Queue a report (or return the running one)',
    response: reportReply,
    errors: [409, 429]
  },
  latestEda: {
    method: 'get',
    path: '/api/datasets/:id/eda',
    tag: 'EDA',
    auth: 'session',
    status: 200,
    summary: "The dataset's latest report",
    response: reportReply
  }
} as const satisfies Record<string, ApiRoute>;
