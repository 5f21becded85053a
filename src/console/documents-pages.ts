import type { FastifyRequest } from 'fastify';
import { formatDateTime, type Translate } from '../i18n/index.ts';
import type { Staff } from '../policy/index.ts';
import { csrfField, errorSummary, html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import type { DocumentVersionRow } from './documents-queries.ts';

/** Dwaar's own documents, which HQ publishes here; a circular's document is published by issuing it. */
export const PUBLISHABLE_KINDS = ['confidentiality', 'disclaimer'] as const;
export type PublishableKind = (typeof PUBLISHABLE_KINDS)[number];

export function documentName(t: Translate, kind: string): string {
  if (kind === 'confidentiality') return t('documents.kindConfidentiality');
  if (kind === 'disclaimer') return t('documents.kindDisclaimer');
  return t('documents.kindCircular', { kind });
}

const shortHash = (hash: string | null) => (hash === null ? '—' : hash.slice(0, 16));

export interface DocumentsView {
  /** The current (newest) version of each kind. */
  readonly current: readonly DocumentVersionRow[];
  readonly required: ReadonlySet<string>;
  readonly activeOfficers: number;
  readonly published?: { kind: string; version: number; hash: string } | undefined;
}

/** Every document kind at its current version: who acknowledged it, whether the policy requires it. */
export function renderDocumentsPage(request: FastifyRequest, v: DocumentsView): string {
  const t = request.t;
  const published = v.published;
  return renderConsolePage(request, {
    title: t('documents.title'),
    main: html`<h1>${t('documents.title')}</h1>
      ${
        published
          ? html`<p class="status-box good" role="status">
              ${t('documents.published', {
                document: documentName(t, published.kind),
                version: published.version,
                hash: shortHash(published.hash),
              })}
            </p>`
          : ''
      }
      <p>${t('documents.intro')}</p>
      ${
        v.current.length === 0
          ? html`<p class="empty">${t('documents.empty')}</p>`
          : html`<div class="table-wrap" role="region" tabindex="0" aria-labelledby="documents-caption">
              <table>
                <caption id="documents-caption">
                  ${t('documents.caption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t('documents.colDocument')}</th>
                    <th scope="col">${t('documents.colVersion')}</th>
                    <th scope="col">${t('documents.colPublished')}</th>
                    <th scope="col">${t('documents.colHash')}</th>
                    <th scope="col">${t('documents.colAcknowledged')}</th>
                    <th scope="col">${t('documents.colRequired')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${v.current.map(
                    (d) =>
                      html`<tr>
                        <th scope="row">
                          <a href="/console/documents/${d.kind}">${documentName(t, d.kind)}</a>
                        </th>
                        <td>${d.version}</td>
                        <td>${formatDateTime(request.lang, d.publishedAt)}</td>
                        <td><code>${shortHash(d.contentHash)}</code></td>
                        <td>
                          ${t('documents.ackCount', { count: d.acknowledgedBy, total: v.activeOfficers })}
                        </td>
                        <td>
                          ${v.required.has(d.kind) ? t('documents.required') : t('documents.notRequired')}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }`,
  });
}

/** One kind's versions, newest first, with the way to publish the next. */
export function renderVersionsPage(
  request: FastifyRequest,
  kind: string,
  versions: readonly DocumentVersionRow[],
): string {
  const t = request.t;
  const name = documentName(t, kind);
  const publishable = (PUBLISHABLE_KINDS as readonly string[]).includes(kind);
  return renderConsolePage(request, {
    title: t('documents.versionsTitle', { document: name }),
    main: html`<h1>${t('documents.versionsTitle', { document: name })}</h1>
      <p class="actions">
        ${publishable ? html`<a href="/console/documents/${kind}/new">${t('documents.publishLink')}</a>` : ''}
        <a href="/console/documents/${kind}/acknowledgements.csv">${t('documents.exportAcks')}</a>
      </p>
      <div class="table-wrap" role="region" tabindex="0" aria-labelledby="versions-caption">
        <table>
          <caption id="versions-caption">
            ${t('documents.versionsCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('documents.colVersion')}</th>
              <th scope="col">${t('documents.colPublished')}</th>
              <th scope="col">${t('documents.colBy')}</th>
              <th scope="col">${t('documents.colHash')}</th>
              <th scope="col">${t('documents.colAckCount')}</th>
            </tr>
          </thead>
          <tbody>
            ${versions.map(
              (d) =>
                html`<tr>
                  <th scope="row">${d.version}</th>
                  <td>${formatDateTime(request.lang, d.publishedAt)}</td>
                  <td>${d.publishedBy ?? '—'}</td>
                  <td><code>${shortHash(d.contentHash)}</code></td>
                  <td>${t('documents.people', { count: d.acknowledgedBy })}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`,
  });
}

export interface PublishForm {
  readonly title_en: string;
  readonly title_hi: string;
  readonly body_en: string;
  readonly body_hi: string;
}
export type PublishErrors = Partial<Record<keyof PublishForm, string>>;

const FIELDS: readonly [keyof PublishForm, 'input' | 'textarea'][] = [
  ['title_en', 'input'],
  ['title_hi', 'input'],
  ['body_en', 'textarea'],
  ['body_hi', 'textarea'],
];

const LABELS = {
  title_en: 'documents.fieldTitleEn',
  title_hi: 'documents.fieldTitleHi',
  body_en: 'documents.fieldBodyEn',
  body_hi: 'documents.fieldBodyHi',
} as const;

function field(
  t: Translate,
  name: keyof PublishForm,
  kind: 'input' | 'textarea',
  value: string,
  error?: string,
) {
  const described = error ? html`aria-describedby="${name}-error" aria-invalid="true"` : '';
  const lang = name.endsWith('_hi') ? 'hi' : 'en';
  return html`<p>
    <label for="${name}">${t(LABELS[name])}</label>
    ${error ? html`<span class="field-error" id="${name}-error">${error}</span>` : ''}
    ${
      kind === 'input'
        ? html`<input id="${name}" name="${name}" lang="${lang}" value="${value}" required ${described} />`
        : html`<textarea id="${name}" name="${name}" lang="${lang}" rows="12" required ${described}>
${value}</textarea>`
    }
  </p>`;
}

/** The form for the next version of one of Dwaar's own documents, prefilled with the current text. */
export function renderPublishPage(
  request: FastifyRequest,
  staff: Staff,
  v: {
    kind: PublishableKind;
    nextVersion: number;
    form: PublishForm;
    errors: PublishErrors;
    required: boolean;
  },
): string {
  const t = request.t;
  const name = documentName(t, v.kind);
  const messages = Object.values(v.errors).filter((m): m is string => m !== undefined);
  const body: SafeHtml = html`<h1>
      ${t('documents.publishTitle', { document: name, version: v.nextVersion })}
    </h1>
    ${messages.length ? errorSummary(t, messages) : ''}
    <p>${t('documents.publishIntro')}</p>
    <p class="status-box warn">
      ${v.required ? t('documents.publishRequiredWarning') : t('documents.publishNotRequired')}
    </p>
    <form method="post" action="/console/documents/${v.kind}" novalidate>
      ${csrfField(staff.csrf)} ${FIELDS.map(([n, kind]) => field(t, n, kind, v.form[n], v.errors[n]))}
      <p class="actions">
        <button type="submit">${t('documents.publishButton', { version: v.nextVersion })}</button>
        <a href="/console/documents/${v.kind}">${t('cancel')}</a>
      </p>
    </form>`;
  return renderConsolePage(request, {
    title: t('documents.publishTitle', { document: name, version: v.nextVersion }),
    hasError: messages.length > 0,
    main: body,
  });
}
