import type { CreatedProposal } from './commit.ts';
import type { ImportIssue } from './issues.ts';
import { describeIssueBoth, type IssueText } from './text.ts';
import type { ImportReport } from './validate.ts';

export interface IssueJson {
  readonly line: number | null;
  readonly column: string | null;
  readonly value: string;
  readonly code: string;
  readonly en: IssueText;
  readonly hi: IssueText;
}

const toJson = (i: ImportIssue): IssueJson => ({
  line: i.line,
  column: i.column,
  value: i.value,
  code: i.code,
  ...describeIssueBoth(i),
});

/** The report for machines: counts, every problem and note in both languages, and what was created. */
export function formatReportJson(report: ImportReport, proposals: readonly CreatedProposal[] = []): string {
  return JSON.stringify(
    {
      zone: report.zoneId,
      counts: report.counts,
      ok: report.fileProblems.length === 0 && report.problems.length === 0,
      fileProblems: report.fileProblems.map(toJson),
      problems: report.problems.map(toJson),
      notes: report.notes.map(toJson),
      proposals,
    },
    null,
    2,
  );
}

const cell = (text: string, width: number) =>
  text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);

function table(title: string, issues: readonly ImportIssue[]): string[] {
  if (issues.length === 0) return [];
  const lines = [
    '',
    `${title} (${issues.length}):`,
    `${cell('Line', 6)}${cell('Column', 13)}${cell('Value', 22)}Problem / समस्या`,
  ];
  const indent = ' '.repeat(41);
  for (const i of issues) {
    const text = describeIssueBoth(i);
    const line = i.line === null ? 'file' : String(i.line);
    lines.push(`${cell(line, 6)}${cell(i.column ?? '', 13)}${cell(i.value, 22)}${text.en.problem}`);
    lines.push(`${indent}${text.hi.problem}`);
    lines.push(`${indent}Fix: ${text.en.fix}`);
    lines.push(`${indent}सुधार: ${text.hi.fix}`);
  }
  return lines;
}

/** The report for people: counts, then problems and notes by line and column, English and Hindi. */
export function formatReportText(report: ImportReport): string {
  const c = report.counts;
  return [
    `Zone: ${report.zoneId}`,
    `Rows: ${c.rows} · valid: ${c.valid} · rejected: ${c.rejected} · new officers: ${c.newOfficers} · already in the directory: ${c.existingOfficers}`,
    ...table('Problems with the file', report.fileProblems),
    ...table('Problems in rejected rows', report.problems),
    ...table('Notes on rows that are not rejected', report.notes),
  ].join('\n');
}
