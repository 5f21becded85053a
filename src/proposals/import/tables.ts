import type { FastifyRequest } from 'fastify';
import type { Lang } from '../../i18n/index.ts';
import { html, type SafeHtml } from '../../web/index.ts';
import type { ImportIssue } from './issues.ts';
import type { Named } from './lookups.ts';
import type { ImportRow } from './rules.ts';
import { describeIssue } from './text.ts';
import { dataTable, type DataTable } from '../pages-common.ts';

/** Rows shown on a page; the full report is a download. */
export const PAGE_LIMIT = 500;

const other = (lang: Lang): Lang => (lang === 'hi' ? 'en' : 'hi');

export type ScrollTable = DataTable & { readonly id: string };

/** The import's tables: always with an ID, for links and scripts. */
export const scrollTable = (v: ScrollTable): SafeHtml => dataTable(v);

function shownNote(request: FastifyRequest, shown: number, total: number): SafeHtml | string {
  return shown < total
    ? html`<p class="hint">${request.t('proposals.import.shown', { shown, total })}</p>`
    : '';
}

/** Problems (or notes) by line and column, each explained and with its fix in Hindi and English. */
export function renderIssueTable(
  request: FastifyRequest,
  issues: readonly ImportIssue[],
  o: { id: string; caption: string; notes?: boolean; limit?: number; total?: number },
): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const second = other(lang);
  const shown = issues.slice(0, o.limit ?? PAGE_LIMIT);
  return html`${scrollTable({
    id: o.id,
    caption: o.caption,
    headings: [
      t('proposals.import.line'),
      t('proposals.import.column'),
      t('proposals.import.value'),
      t(o.notes ? 'proposals.import.note' : 'proposals.import.problem'),
      t('proposals.import.fix'),
    ],
    rows: shown.map((i) => {
      const here = describeIssue(i, lang);
      const there = describeIssue(i, second);
      return html`<td>${i.line ?? t('proposals.import.wholeFile')}</td>
        <td>${i.column ? html`<code>${i.column}</code>` : ''}</td>
        <td>${i.value}</td>
        <td>${here.problem}<br /><span class="hint" lang="${second}">${there.problem}</span></td>
        <td>${here.fix}<br /><span class="hint" lang="${second}">${there.fix}</span></td>`;
    }),
  })}
  ${shownNote(request, shown.length, o.total ?? issues.length)}`;
}

/** The directory's names of what the valid rows refer to by ID, to show people names rather than IDs. */
export interface PlaceNames {
  readonly zones: ReadonlyMap<string, Named>;
  readonly districts: ReadonlyMap<string, Named>;
  readonly ranks: ReadonlyMap<string, Named>;
  readonly wings: ReadonlyMap<string, Named>;
}

/** The rows that would be imported, named in the page's language (the officer's other name beneath). */
export function renderValidRows(
  request: FastifyRequest,
  rows: readonly ImportRow[],
  names: PlaceNames,
  o: { limit?: number; total?: number } = {},
): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const second = other(lang);
  const nameIn = (l: Lang, en: string, hi: string) => (l === 'hi' ? hi : en);
  const named = (map: ReadonlyMap<string, Named>, id: string) => {
    const n = map.get(id);
    return n ? nameIn(lang, n.nameEn, n.nameHi) : id;
  };
  const shown = rows.slice(0, o.limit ?? PAGE_LIMIT);
  return html`${scrollTable({
    id: 'valid-rows',
    caption: t('proposals.import.validCaption'),
    headings: [
      t('proposals.import.line'),
      t('employeeNo'),
      t('officer'),
      t('rank'),
      t('wing'),
      t('district'),
      t('zone'),
      t('proposals.import.email'),
      t('proposals.import.directory'),
    ],
    rows: shown.map(
      (r) =>
        html`<td>${r.line}</td>
          <td>${r.employeeNo}</td>
          <td>
            <span lang="${lang}">${nameIn(lang, r.nameEn, r.nameHi)}</span><br /><span
              class="hint"
              lang="${second}"
              >${nameIn(second, r.nameEn, r.nameHi)}</span
            >
          </td>
          <td>${named(names.ranks, r.rankId)}</td>
          <td>${named(names.wings, r.wingId)}</td>
          <td>${named(names.districts, r.districtId)}</td>
          <td>${named(names.zones, r.zoneId)}</td>
          <td>${r.email}</td>
          <td>
            ${t(r.officerId === null ? 'proposals.import.newOfficer' : 'proposals.import.inDirectory')}
          </td>`,
    ),
  })}
  ${shownNote(request, shown.length, o.total ?? rows.length)}`;
}
