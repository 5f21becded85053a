import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import { readOfficerCsv } from './csv-read.ts';
import type { FileIssueCode, ImportIssue, NoteCode, RowIssueCode } from './issues.ts';
import { loadImportLookups } from './lookups.ts';
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
}

/** True when the file can be imported whole: no file problem, no rejected row. */
export const isClean = (r: ImportReport): boolean => r.fileProblems.length === 0 && r.problems.length === 0;

/**
 * Checks a CSV of officers for `zoneId` (or `all` zones) against the directory, changing nothing.
 * The directory is read once into memory; rows are then checked without further queries.
 */
export async function validateImport(
  db: Db,
  input: { zoneId: ImportZone; csv: string },
): Promise<ImportReport> {
  const read = readOfficerCsv(input.csv);
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
  const lookups = await loadImportLookups(db);
  if (input.zoneId !== ALL_ZONES && !lookups.zones.has(input.zoneId)) {
    throw new Error(`validateImport: unknown zone ${input.zoneId}`);
  }
  const checked = checkImportRows(read.records, lookups, input.zoneId);
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
