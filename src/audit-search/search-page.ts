import type { FastifyRequest } from 'fastify';
import { formatDateTime, type Lang, type Translate } from '../i18n/index.ts';
import type { Staff } from '../policy/index.ts';
import { csrfField, fieldError, html, invalid, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { EVENT_GROUPS } from './event-types.ts';
import { actionCell, auditTime, dataTable, detailPairs, problemSummary, timelineHref } from './page-parts.ts';
import { searchString, type Field, type SearchQuery } from './search-params.ts';
import type { EventRow } from './search-query.ts';
import type { SearchProblem } from './search-service.ts';

interface Place {
  readonly id: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

/** The checkpoints panel's contents (state-wide readers only). */
export interface CheckpointPanel {
  readonly keyId: string;
  readonly publicKeyPem: string;
  readonly latest: readonly { seq: number; hash: string; at: number; key_id: string }[];
  /** The outcome of "write a checkpoint now", after its redirect. */
  readonly notice?: { readonly written: number } | 'unchanged' | undefined;
}

export interface SearchView {
  readonly staff: Staff;
  /** The parameters as typed, echoed into the form. */
  readonly raw: Record<string, string>;
  readonly options: { readonly zones: readonly Place[]; readonly districts: readonly Place[] };
  readonly problems?: readonly SearchProblem[];
  /** Set when the query asked beyond the reader's scope: a refusal, and no results. */
  readonly refused?: boolean;
  readonly result?: {
    readonly query: SearchQuery;
    readonly rows: readonly EventRow[];
    readonly more: boolean;
  };
  readonly checkpoints?: CheckpointPanel;
  readonly now: number;
}

const nameIn = (lang: Lang, p: Place) => (lang === 'hi' ? p.nameHi : p.nameEn);

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}" ${value === selected ? html`selected` : ''}>${label}</option>`;
}

function textField(t: Translate, v: SearchView, field: Field, extra: { hint?: string; size?: number } = {}) {
  const message = v.problems?.find((p) => p.field === field)?.message;
  const error = message ? t(message) : undefined;
  const hintId = `${field}-hint`;
  return html`<div class="field">
    <label for="${field}">${t(`auditView.field_${field}`)}</label>
    ${extra.hint ? html`<p class="hint" id="${hintId}">${extra.hint}</p>` : ''} ${fieldError(field, error)}
    <input
      type="text"
      id="${field}"
      name="${field}"
      value="${v.raw[field] ?? ''}"
      autocomplete="off"
      spellcheck="false"
      size="${extra.size ?? 20}"
      ${extra.hint && !error ? html`aria-describedby="${hintId}"` : ''}
      ${invalid(field, error)}
    />
  </div>`;
}

function selectField(t: Translate, v: SearchView, field: Field, options: SafeHtml[]) {
  const message = v.problems?.find((p) => p.field === field)?.message;
  const error = message ? t(message) : undefined;
  return html`<div class="field">
    <label for="${field}">${t(`auditView.field_${field}`)}</label>
    ${fieldError(field, error)}
    <select id="${field}" name="${field}" ${invalid(field, error)}>
      ${option('', t('auditView.any'), v.raw[field] ?? '')} ${options}
    </select>
  </div>`;
}

function actionOptions(t: Translate, picked: string): SafeHtml[] {
  return EVENT_GROUPS.map(
    (g) =>
      html`<optgroup label="${g.prefix}">
        ${option(`${g.prefix}.`, t('auditView.allOfPrefix', { prefix: g.prefix }), picked)}
        ${g.types.map((type) => option(type, type, picked))}
      </optgroup>`,
  );
}

function searchForm(request: FastifyRequest, v: SearchView): SafeHtml {
  const t = request.t;
  const lang = request.lang;
  const places = (list: readonly Place[], field: Field) =>
    list.map((p) => option(p.id, nameIn(lang, p), v.raw[field] ?? ''));
  return html`<form method="get" action="/console/audit" class="filter" novalidate>
    ${textField(t, v, 'user')} ${selectField(t, v, 'zone', places(v.options.zones, 'zone'))}
    ${selectField(t, v, 'district', places(v.options.districts, 'district'))}
    ${selectField(t, v, 'action', actionOptions(t, v.raw.action ?? ''))}
    ${textField(t, v, 'from', { hint: t('auditView.dateHint'), size: 10 })}
    ${textField(t, v, 'to', { hint: t('auditView.dateHint'), size: 10 })}
    ${textField(t, v, 'q', { hint: t('auditView.textHint') })}
    <p class="actions"><button type="submit">${t('auditView.search')}</button></p>
  </form>`;
}

function personLink(id: string | null, isAccount: boolean): SafeHtml | string {
  if (id === null) return '';
  return isAccount ? html`<a href="${timelineHref(id)}">${id}</a>` : id;
}

function resultRow(request: FastifyRequest, r: EventRow): SafeHtml {
  const pairs = detailPairs(r.detail);
  return html`<tr>
    <th scope="row">${r.seq}</th>
    <td><time datetime="${new Date(r.at).toISOString()}">${auditTime(request.lang, r.at)}</time></td>
    <td>${actionCell(request.t, r.type)}</td>
    <td>${personLink(r.actor, r.actorIsAccount)}</td>
    <td>${personLink(r.target, r.targetIsAccount)}</td>
    <td>${r.ip ?? ''}</td>
    <td>
      ${
        pairs.length === 0
          ? ''
          : html`<ul class="plain">
              ${pairs.map(([k, val]) => html`<li>${k}: ${val}</li>`)}
            </ul>`
      }
    </td>
  </tr>`;
}

function results(request: FastifyRequest, v: SearchView, r: NonNullable<SearchView['result']>): SafeHtml {
  const t = request.t;
  const search = searchString(r.query);
  const last = r.rows.at(-1);
  const paging = html`<p class="actions">
    ${r.query.before !== undefined ? html`<a href="/console/audit?${search}">${t('auditView.newest')}</a>` : ''}
    ${
      r.more && last
        ? html`<a href="/console/audit?${searchString(r.query, { before: String(last.seq) })}"
            >${t('auditView.older')}</a
          >`
        : ''
    }
  </p>`;
  const table =
    r.rows.length === 0
      ? html`<p class="status-box">${t('auditView.empty')}</p>`
      : dataTable(
          t('auditView.caption'),
          ['seq', 'time', 'action', 'actor', 'target', 'ip', 'detail'].map((c) =>
            t(`auditView.col_${c as 'seq'}`),
          ),
          r.rows.map((row) => resultRow(request, row)),
        );
  return html`<h2>${t('auditView.resultsHeading')}</h2>
    <p role="status">
      ${t('auditView.shown', { n: r.rows.length })} ${v.staff.scope === 'all' ? '' : t('auditView.scopeNote')}
    </p>
    ${table} ${paging}
    <h2>${t('auditView.exportHeading')}</h2>
    <p>${t('auditView.exportHint')}</p>
    <ul>
      <li><a href="/console/audit.csv?${search}" download>${t('auditView.exportCsv')}</a></li>
      <li><a href="/console/audit.jsonl?${search}" download>${t('auditView.exportJsonl')}</a></li>
    </ul>`;
}

function checkpointPanel(request: FastifyRequest, staff: Staff, c: CheckpointPanel): SafeHtml {
  const t = request.t;
  const notice =
    c.notice === undefined
      ? ''
      : html`<p class="status-box ok" role="status">
          ${
            c.notice === 'unchanged'
              ? t('auditView.checkpointUnchanged')
              : t('auditView.checkpointWritten', { seq: c.notice.written })
          }
        </p>`;
  return html`<section aria-labelledby="checkpoints-heading">
    <h2 id="checkpoints-heading">${t('auditView.checkpointsHeading')}</h2>
    ${notice}
    <p>${t('auditView.checkpointsIntro')}</p>
    <p>${t('auditView.keyId')}: <code>${c.keyId}</code></p>
    <pre aria-label="${t('auditView.publicKey')}">${c.publicKeyPem}</pre>
    ${
      c.latest.length === 0
        ? html`<p>${t('auditView.noCheckpoints')}</p>`
        : dataTable(
            t('auditView.checkpointsCaption'),
            [t('auditView.col_seq'), t('auditView.col_time'), t('auditView.col_hash'), t('auditView.keyId')],
            c.latest.map(
              (cp) =>
                html`<tr>
                  <th scope="row">${cp.seq}</th>
                  <td>${formatDateTime(request.lang, cp.at)}</td>
                  <td><code title="${cp.hash}">${cp.hash.slice(0, 16)}</code></td>
                  <td><code>${cp.key_id}</code></td>
                </tr>`,
            ),
          )
    }
    <form method="post" action="/console/audit/checkpoint">
      ${csrfField(staff.csrf)}
      <p class="actions"><button type="submit">${t('auditView.checkpointNow')}</button></p>
    </form>
  </section>`;
}

/** The audit trail's search page: the form, the results (or the refusal, or the problems), the checkpoints. */
export function renderSearchPage(request: FastifyRequest, v: SearchView): string {
  const t = request.t;
  const problems = v.problems ?? [];
  const refusal = v.refused
    ? html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
        <h2>${t('auditView.refusedTitle')}</h2>
        <p>${t('auditView.refusedBody')}</p>
      </div>`
    : '';
  return renderConsolePage(request, {
    title: t('auditView.title'),
    hasError: problems.length > 0 || Boolean(v.refused),
    main: html`<h1>${t('auditView.title')}</h1>
      ${problemSummary(t, problems)} ${refusal}
      <p>${t('auditView.intro')}</p>
      <p><a href="/console/anomalies">${t('anomalies.nav')}</a></p>
      ${searchForm(request, v)} ${v.result ? results(request, v, v.result) : ''}
      ${v.checkpoints ? checkpointPanel(request, v.staff, v.checkpoints) : ''}`,
  });
}
