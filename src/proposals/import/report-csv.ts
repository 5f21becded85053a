import { csvLine } from './csv-format.ts';
import type { ImportIssue } from './issues.ts';
import { describeIssueBoth } from './text.ts';
import type { ImportReport } from './validate.ts';

const HEADER = ['kind', 'line', 'column', 'value', 'code', 'problem_en', 'fix_en', 'problem_hi', 'fix_hi'];

function issueLine(kind: 'problem' | 'note', i: ImportIssue): string {
  const text = describeIssueBoth(i);
  return csvLine([
    kind,
    i.line === null ? '' : String(i.line),
    i.column ?? '',
    // A leading =, +, - or @ would be read as a formula by spreadsheet programs.
    /^[=+\-@]/.test(i.value) ? `'${i.value}` : i.value,
    i.code,
    text.en.problem,
    text.en.fix,
    text.hi.problem,
    text.hi.fix,
  ]);
}

/** The whole report as CSV (with BOM, for spreadsheets): every problem, then every note. */
export function renderReportCsv(report: ImportReport): string {
  const lines = [
    csvLine(HEADER),
    ...report.fileProblems.map((i) => issueLine('problem', i)),
    ...report.problems.map((i) => issueLine('problem', i)),
    ...report.notes.map((i) => issueLine('note', i)),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
