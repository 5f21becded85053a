import type { CsvColumn } from './csv-format.ts';

/** Problems with the file as a whole: nothing can be imported, not even the valid rows. */
export const FILE_ISSUE_CODES = [
  'too_large',
  'empty',
  'no_rows',
  'too_many_rows',
  'encoding',
  'malformed',
  'missing_column',
  'unknown_column',
  'duplicate_column',
] as const;

/** Problems with one row: that row is rejected. */
export const ROW_ISSUE_CODES = [
  'column_count',
  'required',
  'too_long',
  'line_break',
  'control_characters',
  'name_characters',
  'employee_no_invalid',
  'employee_no_duplicate',
  'employee_no_other_zone',
  'officer_has_account',
  'officer_pending',
  'name_hi_not_devanagari',
  'rank_unknown',
  'wing_unknown',
  'wing_not_eligible',
  'directory_wing_not_eligible',
  'district_unknown',
  'district_outside_zone',
  'email_invalid',
  'email_duplicate',
  'email_taken',
  'mobile_invalid',
] as const;

/** Things worth knowing that do not reject the row. */
export const NOTE_CODES = ['directory_differs', 'office_open'] as const;

export type FileIssueCode = (typeof FILE_ISSUE_CODES)[number];
export type RowIssueCode = (typeof ROW_ISSUE_CODES)[number];
export type NoteCode = (typeof NOTE_CODES)[number];
export type IssueCode = FileIssueCode | RowIssueCode | NoteCode;

/** A placeholder value; names of zones, wings and the like come in both languages. */
export type IssueParam = string | number | { readonly en: string; readonly hi: string };
export type IssueParams = Readonly<Record<string, IssueParam>>;

/** One finding, placed as in the file: `line` counts the header as line 1 (null: the whole file). */
export interface ImportIssue<C extends IssueCode = IssueCode> {
  readonly code: C;
  readonly line: number | null;
  readonly column: CsvColumn | null;
  /** The offending value as written (shortened when long). */
  readonly value: string;
  /** Values for the message placeholders. */
  readonly params: IssueParams;
}

const MAX_VALUE_CHARS = 80;

export function issue<C extends IssueCode>(
  code: C,
  at: { line?: number | null; column?: CsvColumn | null; value?: string; params?: IssueParams },
): ImportIssue<C> {
  const value = at.value ?? '';
  return {
    code,
    line: at.line ?? null,
    column: at.column ?? null,
    value: value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value,
    params: at.params ?? {},
  };
}
