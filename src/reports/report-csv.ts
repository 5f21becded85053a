import { formatDateTime, translator, type MessageKey } from '../i18n/index.ts';
import { toCsv, type CsvValue } from '../web/index.ts';
import type { ReportFilters } from './report-params.ts';
import { METRICS, type RolloutReport } from './report-query.ts';

const en = translator('en');
const hi = translator('hi');

/** A label in both languages, Hindi first as the department writes: the file is shared, not per visitor. */
const both = (key: MessageKey) => `${hi(key)} / ${en(key)}`;

/** How the filters read in the file's header (and in the audit record). */
export function describeFilters(f: ReportFilters): string {
  return [
    `group=${f.group}`,
    `zone=${f.zoneId ?? 'all'}`,
    ...(f.districtId ? [`district=${f.districtId}`] : []),
    `wing=${f.wingId ?? 'all'}`,
  ].join('; ');
}

/**
 * The report as a CSV document: a header block saying what it is (confidential, when, by whom, with which
 * filters and definitions), then the table with a totals row. Cells go through the shared writer, which
 * neutralises anything a spreadsheet would run as a formula.
 */
export function reportCsv(
  report: RolloutReport,
  f: ReportFilters,
  meta: { generatedAt: number; generatedBy: string },
): string {
  const rows: CsvValue[][] = [
    ['गोपनीय / Confidential', both('confidentialBanner')],
    [both('reports.title'), both(`reports.caption_${f.group}`)],
    // India time, dd-mm-yyyy HH:MM, as the page shows it (the label says so); Latin digits read in both languages.
    [both('reports.csvGeneratedAt'), formatDateTime('en', meta.generatedAt)],
    [both('reports.csvGeneratedBy'), meta.generatedBy],
    [both('reports.csvFilters'), describeFilters(f)],
    ...METRICS.map((m): CsvValue[] => [both(`reports.metric_${m}`), both(`reports.def_${m}`)]),
    [],
    [both(f.group), 'ID', ...METRICS.map((m) => both(`reports.metric_${m}`))],
    ...report.rows.map((r): CsvValue[] => [`${r.nameHi} / ${r.nameEn}`, r.key, ...METRICS.map((m) => r[m])]),
    [both('reports.total'), '', ...METRICS.map((m) => report.totals[m])],
  ];
  return toCsv(rows);
}
