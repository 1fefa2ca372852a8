import { rm } from 'node:fs/promises';
import type { ColumnLayout } from './column-layout';
import type { StructureScanOptions } from './csv-structure-scanner';
import {
  convertCsvToParquet,
  shortDuckDbMessage,
  type ColumnType,
  type ConversionFailureKind
} from './csv-to-parquet';
import { openDuckDbSession } from './duckdb-session';
import type { StepProgress } from './progress-reporter';
import type { ConversionMode } from './read-csv-sql';
import { scanCsvStructure } from './scan-csv-structure';
import type { CsvDialect } from './sniff-dialect';
import { issues, type ValidationIssue } from './validation-issues';

/** What {@link convertOrExplain} needs to know about the file. */
export interface ConversionInput {
  /** The UTF-8 file DuckDB reads. */
  source: string;
  /** The user's file name, shown instead of temporary paths in messages. */
  displayName: string;
  parquetPath: string;
  /** Where DuckDB may spill. */
  tempDirectory: string;
  dialect: CsvDialect;
  layout: ColumnLayout;
  scanOptions: StructureScanOptions;
}

/** A Parquet file was written, or the reasons it could not be. */
export type ConversionResult =
  | { ok: true; rows: number; columns: ColumnType[]; warnings: ValidationIssue[] }
  | { ok: false; errors: ValidationIssue[]; total: number; warnings: ValidationIssue[] };

/**
 * The next, more permissive attempt after DuckDB refused a file our own scan found sound, or null.
 * A cast error means a late value broke the type inferred from the sample: infer from all rows, then
 * fall back to text. Other refusals (mixed line endings, say) are retried without strict mode.
 */
export function relaxMode(
  mode: ConversionMode,
  kind: Exclude<ConversionFailureKind, 'unnamed_column'>
): ConversionMode | null {
  if (kind === 'cast') {
    if (!mode.sampleAll) return { ...mode, sampleAll: true };
    return mode.allVarchar ? null : { ...mode, allVarchar: true };
  }
  return mode.strict ? { ...mode, strict: false } : null;
}

/**
 * Converts the CSV to Parquet with DuckDB and, when DuckDB refuses, explains why. DuckDB stops at
 * the first problem and numbers records rather than lines, so the structure scan lists every
 * problem with its real line. Only when the scan finds the structure sound is DuckDB retried, with
 * the setting that tripped it relaxed — so a clean file costs one pass and a broken one two.
 *
 * @throws DuckDB errors that are about the environment (disk, memory), not the file.
 */
export async function convertOrExplain(
  input: ConversionInput,
  progress: { converting: StepProgress; collecting: StepProgress }
): Promise<ConversionResult> {
  const warnings: ValidationIssue[] = [];
  const failed = (errors: ValidationIssue[], total = errors.length): ConversionResult => ({
    ok: false,
    errors,
    total,
    warnings
  });
  const session = await openDuckDbSession(input.tempDirectory);
  try {
    let mode: ConversionMode = { sampleAll: false, strict: true, allVarchar: false };
    let scanned = false;
    for (;;) {
      const outcome = await convertCsvToParquet(
        session,
        {
          csvPath: input.source,
          parquetPath: input.parquetPath,
          dialect: input.dialect,
          layout: input.layout,
          mode
        },
        progress.converting
      );
      if (outcome.ok) {
        if (mode.allVarchar) warnings.push(issues.typesNotInferred());
        return { ok: true, rows: outcome.rows, columns: outcome.columns, warnings };
      }
      await rm(input.parquetPath, { force: true }); // a failed COPY may leave a partial file
      if (!scanned) {
        scanned = true;
        const scan = await scanCsvStructure(input.source, input.scanOptions, progress.collecting);
        if (scan.totalIssues > 0) return failed(scan.issues, scan.totalIssues);
        if (scan.lineEndings.lf > 0 && scan.lineEndings.crlf > 0) warnings.push(issues.mixedLineEndings());
      }
      if (outcome.kind === 'unnamed_column') {
        return failed([
          issues.emptyColumnName(input.dialect.firstRecord.length, input.layout.headerLine ?? 1)
        ]);
      }
      const next = relaxMode(mode, outcome.kind);
      if (!next) {
        const message = outcome.message.replaceAll(input.source, input.displayName);
        return failed([issues.parseError(shortDuckDbMessage(message))]);
      }
      mode = next;
    }
  } finally {
    session.close();
  }
}
