import { formatDateTime, translator, type MessageKey } from '../i18n/index.ts';
import { toCsv, type CsvValue } from '../web/index.ts';
import { detailWords, kindWords } from './describe.ts';
import type { AnomalyFilters, AnomalyRow } from './list-query.ts';

const en = translator('en');
const hi = translator('hi');

/** A label in both languages, Hindi first as the department writes: the file is shared, not per visitor. */
const both = (key: MessageKey) => `${hi(key)} / ${en(key)}`;

/** How the filter reads in the file's header and in the audit record. */
export function describeAnomalyFilters(f: Pick<AnomalyFilters, 'kind'>): string {
  return `kind=${f.kind ?? 'all'}`;
}

/**
 * The anomalies as CSV: a header block (confidential, when, by whom, which filter), a blank line, then one
 * row per anomaly with its kind and what happened in both languages. Cells go through the shared writer,
 * which neutralises anything a spreadsheet would run as a formula (a subject is whatever was typed as a
 * user ID).
 */
export function anomaliesCsv(
  rows: readonly AnomalyRow[],
  f: Pick<AnomalyFilters, 'kind'>,
  meta: { generatedAt: number; generatedBy: string },
): string {
  const table: CsvValue[][] = [
    ['गोपनीय / Confidential', both('confidentialBanner')],
    [both('anomalies.title'), ''],
    [both('anomalies.csvGeneratedAt'), formatDateTime('en', meta.generatedAt)],
    [both('anomalies.csvGeneratedBy'), meta.generatedBy],
    [both('anomalies.csvFilters'), describeAnomalyFilters(f)],
    [],
    [
      both('anomalies.csvWhen'),
      both('anomalies.csvKindCode'),
      both('anomalies.csvKind'),
      both('anomalies.csvSubject'),
      both('anomalies.csvName'),
      both('anomalies.csvDetail'),
      both('anomalies.csvEvent'),
      both('anomalies.csvNotified'),
    ],
    ...rows.map((r): CsvValue[] => [
      formatDateTime('en', r.at),
      r.kind,
      `${kindWords(hi, r.kind)} / ${kindWords(en, r.kind)}`,
      r.subject,
      [r.nameHi, r.nameEn ?? r.displayName].filter(Boolean).join(' / '),
      `${detailWords(hi, r.kind, r.detail)} / ${detailWords(en, r.kind, r.detail)}`,
      r.eventSeq,
      r.notifiedAt === null ? null : formatDateTime('en', r.notifiedAt),
    ]),
  ];
  return toCsv(table);
}
