import type { FastifyRequest } from 'fastify';
import { errorSummary, html, renderConsolePage, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { translator, type Lang, type MessageKey } from '../../i18n/index.ts';
import { CSV_COLUMNS, MAX_CSV_BYTES, type CsvColumn } from './csv-format.ts';
import type { ImportIssue } from './issues.ts';
import type { Named } from './lookups.ts';
import { renderIssueTable, scrollTable } from './tables.ts';

export interface UploadPageView {
  readonly staff: Staff;
  /** Zones HQ may pick from; empty for a zonal head, whose zone is fixed. */
  readonly zones: readonly Named[];
  readonly zone: Named | undefined;
  readonly selectedZone: string;
  /** What the guide lists as accepted values. */
  readonly ranks: readonly Named[];
  readonly wings: readonly Named[];
  readonly districts: readonly Named[];
  readonly errors?: readonly string[];
  readonly fileProblems?: readonly ImportIssue[];
  readonly pasted?: string;
}

const other = (lang: Lang): Lang => (lang === 'hi' ? 'en' : 'hi');

/** A text in the page's language with the other language under it, marked as such. */
export function bothLanguages(lang: Lang, key: MessageKey): SafeHtml {
  const second = other(lang);
  return html`${translator(lang)(key)}<br /><span class="hint" lang="${second}"
      >${translator(second)(key)}</span
    >`;
}

const name = (lang: Lang, n: Named) => (lang === 'hi' ? n.nameHi : n.nameEn);
const accepted = (lang: Lang, list: readonly Named[]) =>
  html`<ul>
    ${list.map((n) => html`<li><code>${n.id}</code> · ${name(lang, n)}</li>`)}
  </ul>`;

/** The column guide: each column explained in Hindi and English, with its accepted values. */
function renderColumnGuide(request: FastifyRequest, v: UploadPageView): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const values: Partial<Record<CsvColumn, SafeHtml>> = {
    rank: accepted(lang, v.ranks),
    wing: accepted(lang, v.wings),
    district: v.districts.length > 0 ? accepted(lang, v.districts) : undefined,
  };
  return html`<section aria-labelledby="columns-title">
    <h2 id="columns-title">${t('proposals.import.columnsTitle')}</h2>
    <p>${t('proposals.import.columnsIntro')}</p>
    ${scrollTable({
      id: 'columns',
      caption: t('proposals.import.columnsTitle'),
      headings: [
        t('proposals.import.colName'),
        t('proposals.import.colNeed'),
        t('proposals.import.colMeaning'),
        t('proposals.import.colValues'),
      ],
      rows: CSV_COLUMNS.map(
        (c) =>
          html`<th scope="row"><code>${c}</code></th>
            <td>${t(c === 'mobile' ? 'proposals.import.optional' : 'proposals.import.required')}</td>
            <td>${bothLanguages(lang, `proposals.import.col.${c}`)}</td>
            <td>${values[c] ?? ''}</td>`,
      ),
    })}
  </section>`;
}

function renderZoneField(request: FastifyRequest, v: UploadPageView): SafeHtml {
  const t = request.t;
  if (v.zones.length === 0) {
    return html`<p>
      ${t('proposals.import.zoneFixed', { zone: v.zone ? name(request.lang, v.zone) : '—' })}
    </p>`;
  }
  return html`<label for="zone">${t('proposals.import.zoneLabel')}</label>
    <select id="zone" name="zone" required>
      <option value="">—</option>
      ${v.zones.map(
        (z) =>
          html`<option value="${z.id}" ${z.id === v.selectedZone ? html`selected` : ''}>
            ${name(request.lang, z)}
          </option>`,
      )}
      <option value="all" ${v.selectedZone === 'all' ? html`selected` : ''}>
        ${t('proposals.import.zoneAll')}
      </option>
    </select>`;
}

/** The upload page: template link, file chooser (with JavaScript), paste box (always), column guide. */
export function renderUploadPage(request: FastifyRequest, v: UploadPageView): string {
  const t = request.t;
  const errors = v.errors ?? [];
  const problems = v.fileProblems ?? [];
  return renderConsolePage(request, {
    title: t('proposals.import.title'),
    hasError: errors.length > 0,
    scripts: ['/static/import.js'],
    main: html`<h1>${t('proposals.import.title')}</h1>
      ${errorSummary(t, errors)}
      <p>${t('proposals.import.intro')}</p>
      <p><a href="/console/proposals/template.csv" download>${t('proposals.import.templateLink')}</a></p>
      <p class="hint">${t('proposals.import.templateHint')}</p>
      ${problems.length > 0 ? renderIssueTable(request, problems, { id: 'problems', caption: t('proposals.import.problemsCaption') }) : ''}
      <form
        id="import-form"
        method="post"
        action="/console/proposals/import/preview"
        data-max-bytes="${MAX_CSV_BYTES}"
        data-too-big="${t('proposals.import.fileTooBig')}"
        data-unreadable="${t('proposals.import.fileUnreadable')}"
      >
        <input type="hidden" name="_csrf" value="${v.staff.csrf}" />
        ${renderZoneField(request, v)}
        <div class="file-field" hidden>
          <label for="csv-file">${t('proposals.import.fileLabel')}</label>
          <p class="hint" id="csv-file-hint">${t('proposals.import.fileHint')}</p>
          <input type="file" id="csv-file" accept=".csv,text/csv" aria-describedby="csv-file-hint" />
          <p class="field-error" id="csv-file-error" role="alert" hidden></p>
          <input type="hidden" name="csvFile" id="csv-file-text" value="" />
        </div>
        <label for="csv">${t('proposals.import.pasteLabel')}</label>
        <p class="hint" id="csv-hint">${t('proposals.import.pasteHint')}</p>
        <textarea id="csv" name="csv" rows="8" cols="80" spellcheck="false" aria-describedby="csv-hint">
${v.pasted ?? ''}</textarea>
        <p class="actions"><button type="submit">${t('proposals.import.check')}</button></p>
      </form>
      ${renderColumnGuide(request, v)}`,
  });
}
