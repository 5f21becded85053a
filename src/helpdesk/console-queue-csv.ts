import { formatDateTime, translator, type MessageKey } from '../i18n/index.ts';
import { toCsv, type CsvValue } from '../web/index.ts';
import type { Holidays } from './business-time.ts';
import { slaClock } from './console-sla-clock.ts';
import { categoryWords, priorityWords, slaWords, statusWords, tierWords } from './console-words.ts';
import type { QueueFilters, QueueRow } from './queue-query.ts';

const en = translator('en');
const hi = translator('hi');

/** A label in both languages, Hindi first: the file is shared, not per visitor. */
const both = (key: MessageKey) => `${hi(key)} / ${en(key)}`;

/** How the filters read in the file's header and in the audit record. */
export function describeQueueFilters(f: QueueFilters, tier: string | undefined): string {
  return `status=${f.status} category=${f.category ?? 'all'} tier=${tier ?? 'all'}`;
}

/**
 * The queue as CSV: a confidential header block (when, by whom, which filter), then one row per ticket
 * with its codes and their words in both languages. Cells go through the shared writer, which neutralises
 * formulas (a subject is whatever an officer typed).
 */
export function queueCsv(
  rows: readonly QueueRow[],
  meta: { generatedAt: number; generatedBy: string; filters: string; holidays: Holidays },
): string {
  const pair = (f: (t: typeof en, v: string) => string, v: string) => `${f(hi, v)} / ${f(en, v)}`;
  const table: CsvValue[][] = [
    ['गोपनीय / Confidential', both('confidentialBanner')],
    [both('helpdesk.queueTitle'), ''],
    [both('helpdesk.csvGeneratedAt'), formatDateTime('en', meta.generatedAt)],
    [both('helpdesk.csvGeneratedBy'), meta.generatedBy],
    [both('helpdesk.csvFilters'), meta.filters],
    [],
    [
      both('helpdesk.col_number'),
      both('helpdesk.csvUserId'),
      both('helpdesk.col_category'),
      both('helpdesk.col_status'),
      both('helpdesk.col_priority'),
      both('helpdesk.col_tier'),
      both('helpdesk.csvOpenedAt'),
      both('helpdesk.col_sla'),
      both('helpdesk.csvSubject'),
    ],
    ...rows.map((r): CsvValue[] => {
      const clock = slaClock(r, meta.generatedAt, meta.holidays);
      return [
        r.number,
        r.userId,
        pair(categoryWords, r.category),
        pair(statusWords, r.status),
        pair(priorityWords, r.priority),
        pair(tierWords, r.tier),
        formatDateTime('en', r.createdAt),
        `${slaWords(hi, clock)} / ${slaWords(en, clock)}`,
        r.subject,
      ];
    }),
  ];
  return toCsv(table);
}
