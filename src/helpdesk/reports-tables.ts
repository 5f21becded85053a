import { translator, type Lang, type MessageKey } from '../i18n/index.ts';
import type { CsvValue } from '../web/index.ts';
import { compliancePercent, type FailureCount, type HelpdeskReport, type SlaTally } from './reports-data.ts';

/** The report's tables: each shown on the page and downloadable as CSV (`?table=<id>`). */
export const REPORT_TABLES = ['category', 'zone', 'age', 'sla', 'medians', 'failures'] as const;
export type ReportTableId = (typeof REPORT_TABLES)[number];

export interface ReportTable {
  readonly id: ReportTableId;
  readonly caption: string;
  readonly columns: readonly string[];
  /** The first cell of each row is its heading. */
  readonly rows: readonly (readonly [string, ...CsvValue[]])[];
  /** Shown instead of the table when it has nothing to count. */
  readonly empty: string | undefined;
}

const CAPTIONS: Record<ReportTableId, MessageKey> = {
  category: 'ticketMail.byCategoryCaption',
  zone: 'ticketMail.byZoneCaption',
  age: 'ticketMail.byAgeCaption',
  sla: 'ticketMail.slaCaption',
  medians: 'ticketMail.mediansCaption',
  failures: 'ticketMail.failuresCaption',
};

/** A duration in whole minutes, as hours and minutes. */
export function durationText(lang: Lang, ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return translator(lang)('ticketMail.duration', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

export function failureLabel(lang: Lang, f: FailureCount): string {
  const t = translator(lang);
  if (f.type === 'access.denied') return t('ticketMail.fail_access_denied', { reason: f.reason ?? '' });
  return t(`ticketMail.fail_${f.type.replace('.', '_')}` as MessageKey);
}

/** One table of the report in one language. */
export function reportTable(report: HelpdeskReport, id: ReportTableId, lang: Lang): ReportTable {
  const t = translator(lang);
  const caption = t(CAPTIONS[id]);
  const openEmpty = report.openTotal === 0 ? t('ticketMail.openEmpty') : undefined;
  const slaRow = (key: MessageKey, s: SlaTally): [string, ...CsvValue[]] => {
    const pct = compliancePercent(s);
    return [
      t(key),
      s.met,
      s.breached,
      s.pending,
      pct === null ? t('ticketMail.notApplicable') : t('ticketMail.percent', { n: pct }),
    ];
  };
  const medianRow = (key: MessageKey, ms: number | null, n: number): [string, ...CsvValue[]] => [
    t(key),
    ms === null ? t('ticketMail.notApplicable') : durationText(lang, ms),
    ms === null ? '' : Math.round((ms / 60_000) * 10) / 10,
    n,
  ];
  switch (id) {
    case 'category':
      return {
        id,
        caption,
        columns: [t('ticketMail.colCategory'), t('ticketMail.colTickets')],
        rows: report.byCategory.map((c) => [t(`ticketMail.cat_${c.category}` as MessageKey), c.count]),
        empty: openEmpty,
      };
    case 'zone':
      return {
        id,
        caption,
        columns: [t('ticketMail.colZone'), t('ticketMail.colTickets')],
        rows: report.byZone.map((z) => [
          (lang === 'hi' ? z.nameHi : z.nameEn) ?? z.zoneId ?? t('ticketMail.noZone'),
          z.count,
        ]),
        empty: openEmpty,
      };
    case 'age':
      return {
        id,
        caption,
        columns: [t('ticketMail.colAge'), t('ticketMail.colTickets')],
        rows: report.byAge.map((a) => [t(`ticketMail.age_${a.band}`), a.count]),
        empty: openEmpty,
      };
    case 'sla': {
      const s = report.sla;
      const none = s.both.met + s.both.breached + s.both.pending === 0;
      return {
        id,
        caption,
        columns: ['colTarget', 'colMet', 'colBreached', 'colPending', 'colCompliance'].map((k) =>
          t(`ticketMail.${k}` as MessageKey),
        ),
        rows: [
          slaRow('ticketMail.sla_response', s.response),
          slaRow('ticketMail.sla_resolution', s.resolution),
          slaRow('ticketMail.sla_both', s.both),
        ],
        empty: none ? t('ticketMail.slaEmpty') : undefined,
      };
    }
    case 'medians':
      return {
        id,
        caption,
        columns: [
          t('ticketMail.colMeasure'),
          t('ticketMail.colMedian'),
          t('ticketMail.colMinutes'),
          t('ticketMail.colCount'),
        ],
        rows: [
          medianRow('ticketMail.median_response', report.medianFirstResponseMs, report.responded),
          medianRow('ticketMail.median_resolution', report.medianResolutionMs, report.resolved),
        ],
        empty: undefined,
      };
    case 'failures':
      return {
        id,
        caption,
        columns: [t('ticketMail.colReason'), t('ticketMail.colCount')],
        rows: report.failures.map((f) => [failureLabel(lang, f), f.count]),
        empty: report.failures.length === 0 ? t('ticketMail.failuresEmpty') : undefined,
      };
  }
}

/** Hindi then English in one cell where they differ (the CSV is shared, not per visitor). */
function both(hiCell: CsvValue, enCell: CsvValue): CsvValue {
  return typeof hiCell === 'string' && typeof enCell === 'string' && hiCell !== enCell
    ? `${hiCell} / ${enCell}`
    : enCell;
}

/** One table with every label in both languages, for the CSV. */
export function bilingualTable(report: HelpdeskReport, id: ReportTableId) {
  const hiT = reportTable(report, id, 'hi');
  const enT = reportTable(report, id, 'en');
  return {
    caption: String(both(hiT.caption, enT.caption)),
    columns: enT.columns.map((c, i) => both(hiT.columns[i], c)),
    rows: enT.rows.map((r, ri) => r.map((c, ci) => both(hiT.rows[ri]?.[ci], c))),
  };
}
