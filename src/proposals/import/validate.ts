import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import { checkHeldOffThread, checkOffThread, type HeldRows } from './check-thread.ts';
import { MAX_CSV_BYTES } from './csv-format.ts';
import { readOfficerCsv } from './csv-read.ts';
import type { FileIssueCode, ImportIssue, NoteCode, RowIssueCode } from './issues.ts';
import { loadImportLookups, type ImportLookups } from './lookups.ts';
import { checkImportRows, type ImportRow } from './rules.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A zone's ID, or `all` for a state-wide import (HQ only). */
export type ImportZone = string;
export const ALL_ZONES = 'all';

export interface ImportCounts {
  /** Officer rows in the file (the header not counted). */
  readonly rows: number;
  readonly valid: number;
  readonly rejected: number;
  readonly newOfficers: number;
  readonly existingOfficers: number;
}

/** The dry run's answer: every problem by row and column, the notes, and the rows that would import. */
export interface ImportReport {
  readonly zoneId: ImportZone;
  /** Problems with the whole file: nothing can be imported. */
  readonly fileProblems: readonly ImportIssue<FileIssueCode>[];
  /** Problems with rows, in file order: each rejects its row. */
  readonly problems: readonly ImportIssue<RowIssueCode | 'column_count'>[];
  readonly notes: readonly ImportIssue<NoteCode>[];
  readonly rows: readonly ImportRow[];
  readonly counts: ImportCounts;
  /**
   * Set when the lists hold only a page's worth (a large file's preview): how many problems and notes there
   * are in all. The valid rows number `counts.valid`.
   */
  readonly listed?: { readonly problems: number; readonly notes: number };
}

/** True when the file can be imported whole: no file problem, no rejected row. */
export const isClean = (r: ImportReport): boolean => r.fileProblems.length === 0 && r.problems.length === 0;

/** Files up to this size are checked in place: a few milliseconds, less than a trip to the worker. */
const INLINE_CHECK_BYTES = 64 * 1024;

/**
 * Checks a CSV of officers for `zoneId` (or `all` zones) against the directory, changing nothing.
 * The directory is read once into memory; rows are then checked without further queries. A large file is
 * parsed and checked on the import worker thread (check-thread.ts), so a 50,000-row file never stalls the
 * proxied traffic sharing this event loop.
 */
export async function validateImport(
  db: Db,
  input: { zoneId: ImportZone; csv: string | Uint8Array; maxBytes?: number },
  o: { limit?: number } = {},
): Promise<ImportReport> {
  const lookups = await loadImportLookups(db);
  if (input.zoneId !== ALL_ZONES && !lookups.zones.has(input.zoneId)) {
    throw new Error(`validateImport: unknown zone ${input.zoneId}`);
  }
  const job = { csv: input.csv, zoneId: input.zoneId, lookups, maxBytes: input.maxBytes ?? MAX_CSV_BYTES };
  return input.csv.length <= INLINE_CHECK_BYTES ? checkImport(job) : checkOffThread(job, o.limit);
}

/**
 * `validateImport` for a commit, with `limit` set: the report holds a page's worth of each list, and the
 * valid rows are fetched a chunk at a time (from the worker, for a large file). Call `rows.release()` after.
 */
export async function validateForCommit(
  db: Db,
  input: { zoneId: ImportZone; csv: string | Uint8Array; maxBytes?: number },
  limit: number | undefined,
): Promise<{ report: ImportReport; rows: HeldRows }> {
  const lookups = await loadImportLookups(db);
  if (input.zoneId !== ALL_ZONES && !lookups.zones.has(input.zoneId)) {
    throw new Error(`validateImport: unknown zone ${input.zoneId}`);
  }
  const job = { csv: input.csv, zoneId: input.zoneId, lookups, maxBytes: input.maxBytes ?? MAX_CSV_BYTES };
  if (limit !== undefined && input.csv.length > INLINE_CHECK_BYTES) return checkHeldOffThread(job, limit);
  const report = checkImport(job);
  const rows: HeldRows = {
    at: (from, count) => Promise.resolve(report.rows.slice(from, from + count)),
    release: () => Promise.resolve(),
  };
  return { report, rows };
}

export interface CheckInput {
  /** The file, as text or as its UTF-8 bytes. */
  readonly csv: string | Uint8Array;
  readonly zoneId: ImportZone;
  readonly lookups: ImportLookups;
  /** Largest file accepted, in bytes of UTF-8. */
  readonly maxBytes: number;
}

/** The dry run itself: pure and synchronous, run in place for small files and on the worker for large. */
export function checkImport(input: CheckInput): ImportReport {
  const text =
    typeof input.csv === 'string'
      ? input.csv
      : Buffer.from(input.csv.buffer, input.csv.byteOffset, input.csv.byteLength).toString('utf8');
  const read = readOfficerCsv(text, input.maxBytes);
  const empty = { rows: read.rowCount, valid: 0, rejected: 0, newOfficers: 0, existingOfficers: 0 };
  if (read.fileProblems.length > 0) {
    return {
      zoneId: input.zoneId,
      fileProblems: read.fileProblems,
      problems: [],
      notes: [],
      rows: [],
      counts: empty,
    };
  }
  const checked = checkImportRows(read.records, input.lookups, input.zoneId);
  const problems = [...read.rowProblems, ...checked.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const newOfficers = checked.rows.filter((r) => r.officerId === null).length;
  return {
    zoneId: input.zoneId,
    fileProblems: [],
    problems,
    notes: checked.notes,
    rows: checked.rows,
    counts: {
      rows: read.rowCount,
      valid: checked.rows.length,
      rejected: new Set(problems.map((p) => p.line)).size,
      newOfficers,
      existingOfficers: checked.rows.length - newOfficers,
    },
  };
}
