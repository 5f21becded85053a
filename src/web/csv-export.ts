import { fileStamp } from '../i18n/index.ts';

/**
 * A small CSV writer for downloads that people open in spreadsheets: RFC 4180 quoting, CRLF line ends,
 * UTF-8 with a byte-order mark (so Excel shows Devanagari), and spreadsheet formula injection neutralised.
 */

/** A cell: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null | undefined;

/** A byte-order mark: Excel reads the file as UTF-8 only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

/**
 * Characters that make a spreadsheet read a cell as a formula (or, for tab and carriage return, that hide
 * one behind whitespace). OWASP's CSV injection guidance: prefix such cells with a single quote.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Text that starts like a formula gets a leading `'`, so spreadsheets show it as text and never run it. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One cell, ready to join with commas. Finite numbers are written as they are (they are ours, not typed by
 * anyone, and a negative number is not a formula); all text is neutralised, then quoted when it holds a
 * comma, quote, line break or leading/trailing space.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as a CSV document: cells joined by commas, every row ended by CRLF, with a leading BOM by default. */
export function toCsv(rows: readonly (readonly CsvValue[])[], options: { bom?: boolean } = {}): string {
  const body = rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
  return (options.bom ?? true) ? `${UTF8_BOM}${body}` : body;
}

/** A safe `Content-Disposition` value: the file name is reduced to letters, digits, dots, dashes and underscores. */
export function attachmentDisposition(fileName: string): string {
  const safe = fileName.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || 'export.csv';
  return `attachment; filename="${safe}"`;
}

/**
 * The file name of a dated export: `base-yyyy-mm-dd_HHMM.csv`, stamped in India time (as the screen shows
 * times), never UTC, so a report taken at 01:30 on the 1st is not filed under the 30th.
 */
export function csvFileName(base: string, ms: number): string {
  return `${base}-${fileStamp(ms)}.csv`;
}
