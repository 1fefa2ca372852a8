/**
 * Validates an uploaded CSV and converts it to Parquet.
 *
 * The happy path is one DuckDB pass (read, type, check, write Parquet), preceded by cheap checks on
 * the first 64 KB for what DuckDB explains badly: empty or binary files, encodings, header names and
 * trailing delimiters. When DuckDB refuses the file it stops at the first problem; a streaming scan
 * then lists every problem with its real line number (see csv-structure-scanner.ts for why DuckDB's
 * own reject tables are not used).
 */
import { randomUUID } from 'node:crypto';
import { rename } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { ReadOptions } from '../../contracts/api';
import { checkHeader } from './check-header';
import { columnLayout } from './column-layout';
import { convertOrExplain } from './convert-or-explain';
import type { StructureScanOptions } from './csv-structure-scanner';
import { detectEncoding } from './detect-encoding';
import { prepareUtf8Source } from './prepare-utf8-source';
import { createProgressReporter, type ProgressListener } from './progress-reporter';
import { MAX_LINE_BYTES } from './read-csv-sql';
import { readHead } from './read-head';
import { detectLeadingLines } from './leading-lines';
import { detectLineBreak, parseSampleRecords } from './sample-records';
import { scanCsvStructure } from './scan-csv-structure';
import { createScratchDir, type ScratchDir } from './scratch-dir';
import { sniffDialect, type CsvDialect } from './sniff-dialect';
import { completeUtf8Length } from './utf8-stats';
import { capIssues, delimiterName, issues, type ValidationIssue } from './validation-issues';

export type { ValidationIssue } from './validation-issues';

/** Outcome of {@link validateCsv}; maps onto the dataset row (status, num_rows, …, validation_errors). */
export interface CsvValidationResult {
  status: 'validated' | 'failed';
  /** Detected encoding: 'utf-8', 'utf-8-bom', 'windows-1252', 'utf-16le', 'utf-16be'; else what was recognised ('binary', 'utf-32', 'unknown'). */
  encoding: string;
  delimiter: string | null;
  hasHeader: boolean;
  numRows: number | null;
  numColumns: number | null;
  columnNames: string[] | null;
  /** Blocking problems: any of them means status `failed` and no Parquet file. */
  errors: ValidationIssue[];
  /** Non-blocking notes (transcoded, trailing delimiter dropped, no header …). */
  warnings: ValidationIssue[];
  /** The Parquet copy, inside `workDir`, only when validated; the caller owns (and deletes) it. */
  parquetPath: string | null;
  /** DuckDB types of the Parquet columns, only when validated. */
  columnTypes: Array<{ name: string; type: string }> | null;
}

/** Options of {@link validateCsv}. */
export interface ValidateCsvOptions {
  /** Folder for temporary files and the resulting Parquet file; must exist. */
  workDir: string;
  onProgress?: ProgressListener;
  /** Errors listed before they are summarised by one `too_many_errors` issue; default 100. */
  maxErrors?: number;
  /** How to read the first lines, as the user chose; absent, the validator guesses. */
  read?: ReadOptions;
}

/**
 * Checks an uploaded CSV and, when it is sound, writes a Parquet copy into `options.workDir`.
 * Memory stays bounded whatever the file size (the file is streamed; DuckDB is capped at 512 MB).
 * Every temporary file is removed before returning, and no Parquet file is left when it fails.
 *
 * @param csvPath the uploaded file on local disk.
 * @throws only for environment problems (unreadable file, full disk, DuckDB out of memory), never for
 *   problems with the file's content — those are returned as `errors`.
 */
export async function validateCsv(
  csvPath: string,
  options: ValidateCsvOptions
): Promise<CsvValidationResult> {
  const scratch = await createScratchDir(options.workDir);
  try {
    return await validateWithScratch(csvPath, options, scratch);
  } finally {
    await scratch.remove();
  }
}

async function validateWithScratch(
  csvPath: string,
  options: ValidateCsvOptions,
  scratch: ScratchDir
): Promise<CsvValidationResult> {
  const maxErrors = options.maxErrors ?? 100;
  const progress = createProgressReporter(options.onProgress);
  const result: CsvValidationResult = {
    status: 'failed',
    encoding: 'unknown',
    delimiter: null,
    hasHeader: false,
    numRows: null,
    numColumns: null,
    columnNames: null,
    errors: [],
    warnings: [],
    parquetPath: null,
    columnTypes: null
  };
  const fail = (errors: ValidationIssue[], total = errors.length): CsvValidationResult => {
    progress.report(100, 'Done');
    return { ...result, status: 'failed', errors: capIssues(errors, total, maxErrors) };
  };

  progress.report(0, 'Checking encoding');
  const head = await readHead(csvPath);
  if (head.fileSize === 0) return fail([issues.emptyFile()]);
  const verdict = detectEncoding(head.bytes, head.isWholeFile);
  result.encoding = verdict.encoding;
  if (!verdict.ok) return fail([verdict.issue]);

  const prepared = await prepareUtf8Source(
    csvPath,
    verdict,
    scratch,
    progress.span(2, 20, 'Converting to UTF-8')
  );
  if ('issue' in prepared) return fail([prepared.issue]);
  const source = prepared.path;
  if (prepared.warning) result.warnings.push(prepared.warning);

  progress.report(20, 'Detecting columns');
  const skipLines = options.read?.skipLines ?? 0;
  const sample = await readHead(source, { minLineBreaks: 2 + skipLines });
  const end = sample.isWholeFile ? sample.bytes.length : completeUtf8Length(sample.bytes);
  // Lenient decoding (and BOM removal) is fine here: the sample only feeds the sniffers.
  const whole = new TextDecoder('utf-8').decode(sample.bytes.subarray(0, end));
  if (sample.isWholeFile && whole.trim() === '') return fail([issues.whitespaceOnly()]);
  const text = afterLines(whole, skipLines);
  if (options.read) result.warnings.push(issues.readOptionsUsed(options.read));
  if (sample.isWholeFile && text.trim() === '') return fail([issues.noDataRows()]);

  const dialect = sniffDialect(text, sample.isWholeFile, options.read?.header ?? null);
  dialect.leadingBlankLines += skipLines;
  const layout = columnLayout(dialect);
  const hint = leadingLinesHint(text, skipLines, dialect, sample.isWholeFile);
  Object.assign(result, {
    delimiter: dialect.delimiter,
    hasHeader: dialect.hasHeader,
    numColumns: layout.names.length,
    columnNames: layout.names
  });
  if (hint) result.warnings.push(hint);
  result.warnings.push(...dialectWarnings(dialect, layout.names, options.read?.header === false));
  const scanOptions: StructureScanOptions = {
    delimiter: dialect.delimiter,
    lineBreak: dialect.lineBreak,
    expectedFields: layout.expectedDataFields,
    hasHeader: dialect.hasHeader,
    columnNames: layout.names,
    unnamedLastColumn: dialect.trailingDelimiter === 'all',
    allowTrailingEmptyField: dialect.trailingDelimiter === 'data-only',
    maxLineBytes: MAX_LINE_BYTES,
    skipLines,
    maxIssues: maxErrors
  };

  const headerErrors = layout.headerLine ? checkHeader(layout.names, layout.headerLine) : [];
  if (dialect.hasHeader && sample.isWholeFile && dialect.sampleDataRecords === 0) {
    return fail([...headerErrors, issues.noDataRows()]);
  }
  if (headerErrors.length > 0) {
    // No conversion can succeed, but scan anyway so the user sees every problem in one go.
    const scan = await scanCsvStructure(source, scanOptions, progress.span(20, 99, 'Collecting problems'));
    return fail([...headerErrors, ...scan.issues], headerErrors.length + scan.totalIssues);
  }

  const parquet = scratch.file('data.parquet');
  const conversion = await convertOrExplain(
    {
      source,
      displayName: basename(csvPath),
      parquetPath: parquet,
      tempDirectory: scratch.file('duckdb-tmp'),
      dialect,
      layout,
      scanOptions
    },
    {
      converting: progress.span(20, 90, 'Scanning and converting'),
      collecting: progress.span(90, 99, 'Collecting problems')
    }
  );
  result.warnings.push(...conversion.warnings);
  if (!conversion.ok) {
    if (conversion.errors.some((e) => e.code === 'empty_column_name')) {
      // The supposedly empty trailing column has values: a "dropped" warning would contradict the error.
      result.warnings = result.warnings.filter((w) => w.code !== 'trailing_delimiter');
    }
    return fail(conversion.errors, conversion.total);
  }
  if (conversion.rows === 0) return fail([issues.noDataRows()]);

  progress.report(95, 'Finishing');
  const parquetPath = join(
    options.workDir,
    `${basename(csvPath, extname(csvPath))}-${randomUUID().slice(0, 8)}.parquet`
  );
  // Moved out of the scratch folder only now, so a failure at any earlier point leaves no Parquet file.
  await rename(parquet, parquetPath);
  progress.report(100, 'Done');
  return {
    ...result,
    status: 'validated',
    numRows: conversion.rows,
    numColumns: conversion.columns.length,
    columnNames: conversion.columns.map((c) => c.name),
    columnTypes: conversion.columns,
    parquetPath
  };
}

/** The text after its first `count` lines (notes above the table the user chose to skip). */
function afterLines(text: string, count: number): string {
  const newline = detectLineBreak(text) === 'lf' ? '\n' : '\r';
  let at = 0;
  for (let i = 0; i < count; i++) {
    const next = text.indexOf(newline, at);
    if (next < 0) return '';
    at = next + 1;
  }
  return text.slice(at);
}

/** A note above the table or a header of values, with lines counted from the top of the file. */
function leadingLinesHint(
  text: string,
  skipLines: number,
  dialect: CsvDialect,
  isComplete: boolean
): ValidationIssue | null {
  const records = parseSampleRecords(text, dialect.delimiter, {
    isComplete,
    lineBreak: dialect.lineBreak,
    maxRecords: 200
  })
    .filter((r) => !r.blank)
    .map((r) => ({ ...r, line: r.line + skipLines }));
  return detectLeadingLines(records, dialect.hasHeader, dialect.decimalComma);
}

function dialectWarnings(
  dialect: CsvDialect,
  names: readonly string[],
  headerRefused: boolean
): ValidationIssue[] {
  const warnings: ValidationIssue[] = [];
  const { trailingDelimiter, firstRecord, delimiter } = dialect;
  if (trailingDelimiter !== 'none') {
    const position = firstRecord.length + (trailingDelimiter === 'data-only' ? 1 : 0);
    warnings.push(issues.trailingDelimiter(position, delimiterName(delimiter)));
  }
  if (!dialect.hasHeader && !headerRefused) warnings.push(issues.noHeader(names));
  return warnings;
}
