import type { ColumnMetadataDto, ColumnRole, ColumnType } from '../../contracts/api';

export type { ColumnRole, ColumnType };

/** What the sampled values of a text (VARCHAR) column look like; shares are of non-null sampled values. */
export interface StringPatterns {
  /** Values that are boolean words: true/false, yes/no, y/n, t/f, 0/1 (any case, trimmed). */
  booleanShare: number;
  /** Values that parse as whole numbers (optional sign, no thousands separators). */
  integerShare: number;
  /** Values that parse as numbers, whole or decimal (includes `integerShare`). */
  numberShare: number;
  /** Numeric values written with a leading zero ("007", "02134"): codes, not quantities. */
  leadingZeroShare: number;
  /** Best-matching datetime format among the common ones, or null when none matches any value. */
  datetime: DatetimeMatch | null;
  /** Values shaped like a UUID (8-4-4-4-12 hex digits, braces optional). */
  uuidShare: number;
  /** Values that are 16+ hex digits with no separators (hashes, Mongo ObjectIds, hex UUIDs). */
  hexIdShare: number;
  /** Values containing whitespace: a hint of prose rather than codes. */
  whitespaceShare: number;
  /** Up to 5 distinct sampled values that are not numbers, most frequent first ("N/A", "unknown" …). */
  nonNumeric: string[];
}

/** A datetime format detected in sampled strings. */
export interface DatetimeMatch {
  /** strftime format, e.g. `%d/%m/%Y %H:%M`. */
  format: string;
  /** Share of non-null sampled values this format parses. */
  share: number;
  /**
   * Another format that parses exactly as many values (day-first vs month-first when no day in the
   * sample exceeds 12); the choice between them is a guess.
   */
  ambiguousWith?: string;
  /** A sampled value that parses with `format` but not with day and month swapped: the proof of order. */
  evidence?: string;
}

/** Statistics for one column of the validated Parquet file (see `profileParquet`). */
export interface ColumnProfile {
  name: string;
  /** DuckDB's type for the column as validation wrote it, e.g. `BIGINT`, `DOUBLE`, `VARCHAR`, `DATE`. */
  duckdbType: string;
  rowCount: number;
  nullCount: number;
  /** Distinct non-null values; exact for small files, HyperLogLog estimate otherwise (`distinctApprox`). */
  distinctCount: number;
  /** True when `distinctCount` is an `approx_count_distinct` estimate (typically within a few %). */
  distinctApprox: boolean;
  /** Smallest/largest value rendered as text (DuckDB's VARCHAR cast); null when there are no values. */
  min: string | null;
  max: string | null;
  /** Mean of numeric columns, else null. */
  mean: number | null;
  /** For floating/decimal columns: share of non-null values that are finite whole numbers, else null. */
  integralShare: number | null;
  /** String length statistics of VARCHAR columns, else null. */
  minLength: number | null;
  maxLength: number | null;
  meanLength: number | null;
  /** Non-null values in the sample the shares below were computed on. */
  sampleCount: number;
  /** Distinct non-null values among them. */
  sampleDistinct: number;
  /** Up to 20 distinct sampled values as text, most frequent first. */
  sampleValues: string[];
  /** Pattern shares for VARCHAR columns, else null. */
  patterns: StringPatterns | null;
}

/** One column of a proposed schema (the contract's `proposedSchema.columns[]`, with role always set). */
export interface DeducedColumn {
  name: string;
  type: ColumnType;
  nullable: boolean;
  format?: string;
  role: ColumnRole;
}

/** The contract's `columnMetadata[name]` entry. */
export type ColumnMetadata = Pick<ColumnMetadataDto, 'confidence' | 'reason'> & { sampleValues: string[] };

/** A deduced schema: `columns` is the contract's `proposedSchema.columns`, `metadata` its `columnMetadata`. */
export interface DeducedSchema {
  columns: DeducedColumn[];
  metadata: Record<string, ColumnMetadata>;
  /** Overall confidence 0..1 (mean of the column confidences). */
  confidence: number;
}

/** agent_version recorded when the deterministic inferencer alone produced the schema. */
export const HEURISTIC_VERSION = 'heuristic-1';
