/** The officers' CSV: its fixed columns, its limits, and the template offered for download. */

/** Header names, fixed; any order in the file, all of them required. */
export const CSV_COLUMNS = [
  'employee_no',
  'name_en',
  'name_hi',
  'rank',
  'wing',
  'district',
  'email',
  'mobile',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Largest file accepted, in bytes of UTF-8. */
export const MAX_CSV_BYTES = 10 * 1024 * 1024;
/** Most officer rows accepted in one file (the header not counted). */
export const MAX_CSV_ROWS = 60_000;

/** Only these wings are eligible for remote access. Other known wings are "wrong wing". */
export const ELIGIBLE_WINGS: ReadonlySet<string> = new Set(['adjudication', 'enforcement']);

export function isCsvColumn(name: string): name is CsvColumn {
  return (CSV_COLUMNS as readonly string[]).includes(name);
}

/** Quotes a CSV field when it needs it (comma, quote, newline, or edge spaces). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line from fields. */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/**
 * The downloadable template: a UTF-8 BOM (so spreadsheet programs show Devanagari), the exact header,
 * and one example row placed in `district`.
 */
export function renderCsvTemplate(district: { id: string }): string {
  const example = {
    employee_no: 'UPCT99001',
    name_en: 'Asha Verma',
    name_hi: 'आशा वर्मा',
    rank: 'cto',
    wing: 'enforcement',
    district: district.id,
    email: 'asha.verma@ctd.up.example',
    mobile: '9876543210',
  } satisfies Record<CsvColumn, string>;
  return `\uFEFF${csvLine(CSV_COLUMNS)}\r\n${csvLine(CSV_COLUMNS.map((c) => example[c]))}\r\n`;
}
