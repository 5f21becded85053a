import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, MAX_CSV_BYTES, MAX_CSV_ROWS, renderCsvTemplate } from './csv-format.ts';
import { readOfficerCsv } from './csv-read.ts';

const HEADER = CSV_COLUMNS.join(',');
const ROW = 'UPCT1,Asha Verma,आशा वर्मा,cto,enforcement,lucknow,asha@ctd.up.example,9876543210';

describe('readOfficerCsv', () => {
  it('reads a plain file with LF line ends', () => {
    const r = readOfficerCsv(`${HEADER}\n${ROW}\n`);
    expect(r.fileProblems).toEqual([]);
    expect(r.rowProblems).toEqual([]);
    expect(r.rowCount).toBe(1);
    expect(r.records[0]).toEqual({
      line: 2,
      values: {
        employee_no: 'UPCT1',
        name_en: 'Asha Verma',
        name_hi: 'आशा वर्मा',
        rank: 'cto',
        wing: 'enforcement',
        district: 'lucknow',
        email: 'asha@ctd.up.example',
        mobile: '9876543210',
      },
    });
  });

  it('strips a BOM and reads CRLF line ends', () => {
    const r = readOfficerCsv(`\uFEFF${HEADER}\r\n${ROW}\r\n${ROW.replace('UPCT1', 'UPCT2')}\r\n`);
    expect(r.fileProblems).toEqual([]);
    expect(r.records.map((x) => [x.line, x.values.employee_no])).toEqual([
      [2, 'UPCT1'],
      [3, 'UPCT2'],
    ]);
  });

  it('reads quoted commas, doubled quotes and line breaks, and numbers lines as in the file', () => {
    const text = [
      HEADER,
      '"UPCT1","Verma, Asha","आशा ""आशु"" वर्मा",cto,enforcement,lucknow,a@x.example,',
      'UPCT2,"Khan',
      'Arif",आरिफ़ ख़ान,cto,adjudication,lucknow,b@x.example,',
      'UPCT3,Ravi,रवि,cto,adjudication,lucknow,c@x.example,',
    ].join('\r\n');
    const r = readOfficerCsv(text);
    expect(r.fileProblems).toEqual([]);
    expect(r.records.map((x) => x.line)).toEqual([2, 3, 5]);
    expect(r.records[0]?.values.name_en).toBe('Verma, Asha');
    expect(r.records[0]?.values.name_hi).toBe('आशा "आशु" वर्मा');
    expect(r.records[1]?.values.name_en).toBe('Khan\nArif');
    expect(r.records[1]?.values.name_hi).toBe('आरिफ़ ख़ान'.normalize('NFC'));
  });

  it('accepts the header in another order and in any case, trimming spaces', () => {
    const header = 'Mobile, EMAIL ,district,wing,rank,name_hi,name_en,employee_no';
    const r = readOfficerCsv(`${header}\n , a@x.example , Lucknow ,Enforcement,CTO, आशा , Asha ,upct9\n`);
    expect(r.fileProblems).toEqual([]);
    expect(r.records[0]?.values).toMatchObject({
      employee_no: 'upct9',
      name_en: 'Asha',
      name_hi: 'आशा',
      district: 'Lucknow',
      email: 'a@x.example',
      mobile: '',
    });
  });

  it('skips blank lines and spreadsheet blank rows (",,,") but keeps line numbers', () => {
    const r = readOfficerCsv(`${HEADER}\n\n,,,,,,,\n${ROW}\n   \n`);
    expect(r.fileProblems).toEqual([]);
    expect(r.rowCount).toBe(1);
    expect(r.records[0]?.line).toBe(4);
  });

  it('reports a missing column and an unknown column on the header line', () => {
    const missing = readOfficerCsv(`employee_no,name_en,name_hi,rank,wing,district,email\n`);
    expect(missing.fileProblems).toMatchObject([{ code: 'missing_column', line: 1, column: 'mobile' }]);
    const unknown = readOfficerCsv(`${HEADER},remarks\n${ROW},ok\n`);
    expect(unknown.fileProblems).toMatchObject([{ code: 'unknown_column', line: 1, value: 'remarks' }]);
    const twice = readOfficerCsv(`${HEADER},email\n${ROW},x\n`);
    expect(twice.fileProblems).toMatchObject([{ code: 'duplicate_column', column: 'email' }]);
  });

  it('rejects only the ragged row, with its line and field counts', () => {
    const r = readOfficerCsv(
      `${HEADER}\n${ROW}\nUPCT2,Ravi,रवि,cto\n${ROW.replace('UPCT1', 'UPCT3')},extra\n`,
    );
    expect(r.fileProblems).toEqual([]);
    expect(r.rowCount).toBe(3);
    expect(r.records.map((x) => x.line)).toEqual([2]);
    expect(r.rowProblems).toMatchObject([
      { code: 'column_count', line: 3, params: { expected: 8, found: 4 } },
      { code: 'column_count', line: 4, params: { expected: 8, found: 9 } },
    ]);
  });

  it('rejects the whole file on a quote left open', () => {
    const r = readOfficerCsv(
      `${HEADER}\n${ROW}\nUPCT2,"Ravi,रवि,cto,adjudication,lucknow,r@x.example,\n${ROW}\n`,
    );
    expect(r.fileProblems).toMatchObject([{ code: 'malformed' }]);
    expect(r.records).toEqual([]);
  });

  it('reports empty files, header-only files, and text that is not UTF-8', () => {
    expect(readOfficerCsv('').fileProblems).toMatchObject([{ code: 'empty' }]);
    expect(readOfficerCsv('\uFEFF\r\n  \r\n').fileProblems).toMatchObject([{ code: 'empty' }]);
    expect(readOfficerCsv(`${HEADER}\r\n`).fileProblems).toMatchObject([{ code: 'no_rows' }]);
    const latin1 = Buffer.from(`${HEADER}\n${ROW}\n`.replace('Asha', 'Ash\u00e9'), 'latin1').toString('utf8');
    expect(readOfficerCsv(latin1).fileProblems).toMatchObject([{ code: 'encoding', line: 2 }]);
  });

  it('refuses more than 60,000 rows and more than 10 MB', () => {
    const many = `${HEADER}\n${'a,b,c,d,e,f,g,h\n'.repeat(MAX_CSV_ROWS + 1)}`;
    expect(readOfficerCsv(many).fileProblems).toMatchObject([
      { code: 'too_many_rows', params: { max: 60000 } },
    ]);
    const exactly = `${HEADER}\n${'a,b,c,d,e,f,g,h\n'.repeat(MAX_CSV_ROWS)}`;
    expect(readOfficerCsv(exactly).rowCount).toBe(MAX_CSV_ROWS);
    const big = `${HEADER}\n${'x'.repeat(MAX_CSV_BYTES)}`;
    expect(readOfficerCsv(big).fileProblems).toMatchObject([{ code: 'too_large' }]);
  });

  it('reads its own template', () => {
    const r = readOfficerCsv(renderCsvTemplate({ id: 'lucknow' }));
    expect(r.fileProblems).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]?.values.district).toBe('lucknow');
  });
});
