import { translator, type MessageKey } from '../i18n/index.ts';
import { toCsv } from '../web/index.ts';
import { auditTime, detailObject, detailText } from './page-parts.ts';
import type { EventRow } from './search-query.ts';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Most rows one export writes; narrow the filters (or use `dwaar audit export`) for more. */
export const EXPORT_CAP = 1_000_000;

const en = translator('en');
const hi = translator('hi');
const both = (key: MessageKey) => `${hi(key)} / ${en(key)}`;

const COLUMNS = ['seq', 'time', 'action', 'actor', 'target', 'ip', 'detail'] as const;

/**
 * The CSV file, line by line: a header block (confidential, when, by whom, which filters), a blank line,
 * the column names, then one line per event. Each line goes through the shared writer (formula injection
 * neutralised); the byte-order mark only on the first.
 */
export async function* csvLines(
  rows: AsyncIterable<EventRow>,
  meta: { generatedAt: number; generatedBy: string; filters: string },
): AsyncGenerator<string> {
  yield toCsv([
    ['गोपनीय / Confidential', both('confidentialBanner')],
    [both('auditView.csvGeneratedAt'), auditTime('en', meta.generatedAt)],
    [both('auditView.csvGeneratedBy'), meta.generatedBy],
    [both('auditView.csvFilters'), meta.filters],
    [],
    [...COLUMNS.map((c) => both(`auditView.col_${c}`)), 'hash'],
  ]);
  for await (const r of rows)
    yield toCsv(
      [[r.seq, auditTime('en', r.at), r.type, r.actor, r.target, r.ip, detailText(r.detail), r.hash]],
      { bom: false },
    );
}

/**
 * JSON Lines: one object per event with the row's fields (time in ms since the epoch and as India time,
 * details as an object) and the chain `hash`, so each line can be matched against a full
 * `dwaar audit export`.
 */
export async function* jsonLines(rows: AsyncIterable<EventRow>): AsyncGenerator<string> {
  for await (const r of rows)
    yield `${JSON.stringify({
      seq: r.seq,
      at: r.at,
      time: auditTime('en', r.at),
      type: r.type,
      actor: r.actor,
      target: r.target,
      ip: r.ip,
      detail: detailObject(r.detail),
      hash: r.hash,
    })}\n`;
}
