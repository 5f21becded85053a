import { parse } from 'csv-parse/sync';
import { CSV_COLUMNS, MAX_CSV_BYTES, MAX_CSV_ROWS, isCsvColumn, type CsvColumn } from './csv-format.ts';
import { issue, type FileIssueCode, type ImportIssue } from './issues.ts';

/** One officer row, with the line it starts on in the file (the header is line 1). */
export interface CsvRecord {
  readonly line: number;
  readonly values: Readonly<Record<CsvColumn, string>>;
}

export interface CsvReadResult {
  /** When not empty, the file cannot be used at all. */
  readonly fileProblems: readonly ImportIssue<FileIssueCode>[];
  /** Rows with the wrong number of fields: rejected, the others still checked. */
  readonly rowProblems: readonly ImportIssue<'column_count'>[];
  readonly records: readonly CsvRecord[];
  /** Officer rows in the file, rejected ones included. */
  readonly rowCount: number;
}

const fail = (...problems: ImportIssue<FileIssueCode>[]): CsvReadResult => ({
  fileProblems: problems,
  rowProblems: [],
  records: [],
  rowCount: 0,
});

interface RawRecord {
  fields: string[];
  /** The line the record ends on. */
  endLine: number;
}

/** A size as the file problem names it: `10.5 MB`, or the bare number for a limit the message words. */
export function megabytes(bytes: number, unit = ' MB'): string {
  const mb = bytes / 1024 / 1024;
  return `${Number.isInteger(mb) ? String(mb) : mb.toFixed(1)}${unit}`;
}

const NON_ASCII = /[^\p{ASCII}]/u;

/** Devanagari typed on different keyboards may differ in form (नुक़्ता); NFC makes equal names equal. */
const canonical = (field: string) => (NON_ASCII.test(field) ? field.normalize('NFC') : field);

/** csv-parse hands records over untyped; every field is a string when `columns` is off. */
function fieldsOf(record: unknown): string[] {
  return Array.isArray(record) ? record.map((f) => canonical(typeof f === 'string' ? f : String(f))) : [];
}

/** The line a record starts on: its last line less the line breaks inside quoted fields. */
function startLine(r: RawRecord): number {
  let breaks = 0;
  for (const f of r.fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) breaks++;
  return r.endLine - breaks;
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * Reads the officers' CSV: UTF-8 with or without BOM, CRLF or LF, quoted fields, header in any order.
 * Syntax errors (a quote left open) spoil the rest of the file, so they reject the whole file; a row with
 * the wrong number of fields rejects only that row.
 */
export function readOfficerCsv(text: string, maxBytes = MAX_CSV_BYTES): CsvReadResult {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    return fail(issue('too_large', { value: megabytes(bytes), params: { max: megabytes(maxBytes, '') } }));
  }
  const replaced = text.indexOf('\uFFFD');
  if (replaced >= 0) return fail(issue('encoding', { line: lineAt(text, replaced) }));
  const normalised = text.replace(/\r\n?/g, '\n');

  const raw: RawRecord[] = [];
  const ragged: RawRecord[] = [];
  const syntax: ImportIssue<FileIssueCode>[] = [];
  const noteSyntax = (lines: unknown, code: string) => {
    const line = typeof lines === 'number' ? lines : null;
    if (!syntax.some((s) => s.line === line)) syntax.push(issue('malformed', { line, params: { code } }));
  };
  try {
    parse(normalised, {
      bom: true,
      relax_column_count: false,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (record: unknown, context) => {
        raw.push({ fields: fieldsOf(record), endLine: context.lines });
        return null;
      },
      on_skip: (err) => {
        if (err?.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
          ragged.push({
            fields: fieldsOf(err.record),
            endLine: typeof err.lines === 'number' ? err.lines : 0,
          });
        } else {
          noteSyntax(err?.lines, err?.code ?? 'unknown');
        }
        return undefined;
      },
    });
  } catch (err) {
    const lines = err instanceof Error && 'lines' in err ? err.lines : undefined;
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'unknown';
    noteSyntax(lines, code);
  }
  if (syntax.length > 0) return fail(...syntax);

  const [header, ...rows] = raw;
  if (!header) return fail(issue('empty', {}));
  const headerProblems = checkHeader(header.fields, startLine(header));
  if (headerProblems.length > 0) return fail(...headerProblems);

  // Spreadsheets save blank rows as ",,,": they are blank lines, not officers.
  const blank = (r: RawRecord) => r.fields.every((f) => f === '');
  const records = rows.filter((r) => !blank(r));
  const badRows = ragged.filter((r) => !blank(r));
  const rowCount = records.length + badRows.length;
  if (rowCount === 0) return fail(issue('no_rows', {}));
  if (rowCount > MAX_CSV_ROWS) {
    return fail(issue('too_many_rows', { value: String(rowCount), params: { max: MAX_CSV_ROWS } }));
  }

  const columns = header.fields.map((f) => f.toLowerCase());
  const index = (c: CsvColumn) => columns.indexOf(c);
  const at: Record<CsvColumn, number> = {
    employee_no: index('employee_no'),
    name_en: index('name_en'),
    name_hi: index('name_hi'),
    rank: index('rank'),
    wing: index('wing'),
    district: index('district'),
    email: index('email'),
    mobile: index('mobile'),
  };
  return {
    fileProblems: [],
    rowProblems: badRows.map((r) =>
      issue('column_count', {
        line: startLine(r),
        value: String(r.fields.length),
        params: { expected: columns.length, found: r.fields.length },
      }),
    ),
    records: records.map((r) => ({
      line: startLine(r),
      values: {
        employee_no: r.fields[at.employee_no] ?? '',
        name_en: r.fields[at.name_en] ?? '',
        name_hi: r.fields[at.name_hi] ?? '',
        rank: r.fields[at.rank] ?? '',
        wing: r.fields[at.wing] ?? '',
        district: r.fields[at.district] ?? '',
        email: r.fields[at.email] ?? '',
        mobile: r.fields[at.mobile] ?? '',
      },
    })),
    rowCount,
  };
}

/** Every column named once, none missing, none unknown (names are case-insensitive). */
function checkHeader(fields: readonly string[], line: number): ImportIssue<FileIssueCode>[] {
  const names = fields.map((f) => f.toLowerCase());
  const problems: ImportIssue<FileIssueCode>[] = [];
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    const written = fields[i] ?? '';
    if (!isCsvColumn(name)) problems.push(issue('unknown_column', { line, value: written }));
    else if (seen.has(name)) problems.push(issue('duplicate_column', { line, column: name, value: written }));
    seen.add(name);
  }
  for (const column of CSV_COLUMNS) {
    if (!seen.has(column)) problems.push(issue('missing_column', { line, column, params: { column } }));
  }
  return problems;
}
