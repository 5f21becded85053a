import type { FastifyRequest } from 'fastify';
import { ROLES } from '../accounts/index.ts';
import type { NamedPlace } from '../directory/index.ts';
import { csrfField, fieldError, html, invalid, raw, renderConsolePage, type SafeHtml } from '../web/index.ts';
import { attachmentList, problemFor, problemSummary, type FormValues } from './pages-common.ts';
import { renderCircularBody } from './render-body.ts';
import type { AttachmentRow } from './repository.ts';
import { AUDIENCE_ROWS, type CircularDraft, type FieldProblem } from './schemas.ts';

export interface FormView {
  /** Undefined for a new circular. */
  readonly id: number | undefined;
  readonly values: FormValues;
  readonly problems: readonly FieldProblem[];
  readonly zones: readonly NamedPlace[];
  readonly districts: readonly (NamedPlace & { zoneId: string })[];
  readonly attachments: readonly AttachmentRow[];
  /** Set after "Preview": the parsed draft and whom it would reach. */
  readonly preview?: { draft: CircularDraft; recipients: number; copies: number };
  /** A sentence for the attachment form (e.g. too large), shown beside it. */
  readonly attachmentError?: string;
  readonly notice?: string;
}

const named = (request: FastifyRequest, p: NamedPlace) => (request.lang === 'hi' ? p.nameHi : p.nameEn);

function input(
  request: FastifyRequest,
  v: FormView,
  id: string,
  o: { long?: boolean; hint?: string; lang?: string } = {},
) {
  const t = request.t;
  const error = problemFor(t, v.problems, id);
  const value = v.values[id] ?? '';
  const hint = o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : '';
  const control = o.long
    ? html`<textarea
        id="${id}"
        name="${id}"
        rows="8"
        ${o.lang ? html`lang="${o.lang}"` : ''}
        ${invalid(id, error)}
      >
${value}</textarea>`
    : html`<input
        type="text"
        id="${id}"
        name="${id}"
        value="${value}"
        ${o.lang ? html`lang="${o.lang}"` : ''}
        ${o.hint ? html`aria-describedby="${id}-hint"` : ''}
        ${invalid(id, error)}
      />`;
  return html`<div class="field">
    <label for="${id}">${t(`circulars.f_${id}` as 'circulars.f_number')}</label>
    ${hint} ${fieldError(id, error)} ${control}
  </div>`;
}

function select(
  id: string,
  label: string,
  options: readonly [string, string][],
  chosen: string,
  error?: string,
  /** The row's message sits beside its first select; every select of the row points to it. */
  errorOf = id,
) {
  return html`<label for="${id}">${label}</label>
    <select id="${id}" name="${id}" ${invalid(errorOf, error)}>
      ${options.map(([value, text]) => html`<option value="${value}" ${value === chosen ? raw('selected') : ''}>${text}</option>`)}
    </select>`;
}

/** Districts grouped under their zones, so a long list stays findable. */
function districtSelect(request: FastifyRequest, v: FormView, i: number, chosen: string, error?: string) {
  const id = `aud${i}District`;
  const option = (value: string, text: string) =>
    html`<option value="${value}" ${value === chosen ? raw('selected') : ''}>${text}</option>`;
  return html`<label for="${id}">${request.t('circulars.audDistrict')}</label>
    <select id="${id}" name="${id}" ${invalid(`aud${i}Kind`, error)}>
      ${option('', request.t('circulars.anyDistrict'))}
      ${v.zones.map(
        (z) =>
          html`<optgroup label="${named(request, z)}">
            ${v.districts.filter((d) => d.zoneId === z.id).map((d) => option(d.id, named(request, d)))}
          </optgroup>`,
      )}
    </select>`;
}

function audienceRows(request: FastifyRequest, v: FormView): SafeHtml {
  const t = request.t;
  const kinds: [string, string][] = [
    ['', t('circulars.audUnused')],
    ['recipient', t('circulars.audRecipient')],
    ['copy', t('circulars.audCopy')],
  ];
  const roles: [string, string][] = [
    ['', t('circulars.anyRole')],
    ...ROLES.map((r): [string, string] => [r, t(`role_${r}`)]),
  ];
  const zones: [string, string][] = [
    ['', t('circulars.anyZone')],
    ...v.zones.map((z): [string, string] => [z.id, named(request, z)]),
  ];
  const rows = Array.from({ length: AUDIENCE_ROWS }, (_, i) => {
    const val = (k: string) => v.values[`aud${i}${k}`] ?? '';
    const err = (k: string) => problemFor(t, v.problems, `aud${i}${k}`);
    const rowError = err('Kind') ?? err('Zone') ?? err('District');
    return html`<fieldset class="audience">
      <legend>${t('circulars.audRow', { n: i + 1 })}</legend>
      ${rowError ? fieldError(`aud${i}Kind`, rowError) : ''}
      ${select(`aud${i}Kind`, t('circulars.audKind'), kinds, val('Kind'), err('Kind'))}
      ${select(`aud${i}Role`, t('circulars.audRole'), roles, val('Role'))}
      ${select(`aud${i}Zone`, t('circulars.audZone'), zones, val('Zone'), err('Zone'), `aud${i}Kind`)}
      ${districtSelect(request, v, i, val('District'), err('District'))}
    </fieldset>`;
  });
  return html`<h2 id="audiences">${t('circulars.audHeading')}</h2>
    <p>${t('circulars.audIntro')}</p>
    ${rows}`;
}

function checkbox(request: FastifyRequest, v: FormView, id: 'ackRequired' | 'gatesAccess') {
  const on = v.values[id] === 'on' || v.values[id] === '1';
  return html`<div class="field checkbox">
    <input type="checkbox" id="${id}" name="${id}" value="on" ${on ? raw('checked') : ''} />
    <label for="${id}">${request.t(`circulars.f_${id}`)}</label>
  </div>`;
}

function previewSection(request: FastifyRequest, p: NonNullable<FormView['preview']>): SafeHtml {
  const t = request.t;
  const d = p.draft;
  return html`<section aria-labelledby="preview-heading" class="preview" id="preview">
    <h2 id="preview-heading">${t('circulars.previewHeading')}</h2>
    <p role="status">${t('circulars.previewReach', { recipients: p.recipients, copies: p.copies })}</p>
    <article lang="hi">
      <h3>${d.subjectHi}</h3>
      ${raw(renderCircularBody(d.bodyHi))}
      <p>${d.authorityHi}</p>
    </article>
    <article lang="en">
      <h3>${d.subjectEn}</h3>
      ${raw(renderCircularBody(d.bodyEn))}
      <p>${d.authorityEn}</p>
    </article>
  </section>`;
}

function attachmentSection(request: FastifyRequest, v: FormView, id: number, csrf: string): SafeHtml {
  const t = request.t;
  const remove = (a: AttachmentRow) =>
    html`<form method="post" action="/console/circulars/${id}/attachments/${a.id}/delete" class="inline">
      ${csrfField(csrf)}<button type="submit" class="secondary">
        ${t('circulars.removeAttachment', { name: a.file_name })}
      </button>
    </form>`;
  return html`<h2 id="attachments">${t('circulars.attachmentsHeading')}</h2>
    ${attachmentList(request, id, v.attachments, remove)}
    <form method="post" action="/console/circulars/${id}/attachments" enctype="multipart/form-data">
      ${csrfField(csrf)}
      <div class="field">
        <label for="file">${t('circulars.f_file')}</label>
        <p class="hint" id="file-hint">${t('circulars.fileHint')}</p>
        ${fieldError('file', v.attachmentError)}
        <input
          type="file"
          id="file"
          name="file"
          accept=".pdf,.png,.jpg,.jpeg,.txt,.csv"
          aria-describedby="file-hint"
          ${invalid('file', v.attachmentError)}
        />
      </div>
      <p class="actions"><button type="submit">${t('circulars.upload')}</button></p>
    </form>`;
}

/** The draft form (new or edit), with its preview, attachments and the way on to issuing. */
export function renderFormPage(request: FastifyRequest, v: FormView, csrf: string): string {
  const t = request.t;
  const action = v.id === undefined ? '/console/circulars/new' : `/console/circulars/${v.id}/edit`;
  const title =
    v.id === undefined
      ? t('circulars.newTitle')
      : t('circulars.editTitle', { number: v.values.number ?? '' });
  const errors: FieldProblem[] = [...v.problems];
  if (v.attachmentError)
    errors.push({ field: 'file', key: 'circulars.errAttachmentForm', vars: { detail: v.attachmentError } });
  return renderConsolePage(request, {
    title,
    hasError: errors.length > 0,
    main: html`<h1>${title}</h1>
      ${problemSummary(t, errors)} ${v.notice ? html`<p role="status" class="notice">${v.notice}</p>` : ''}
      <form method="post" action="${action}" novalidate>
        ${csrfField(csrf)} ${input(request, v, 'number', { hint: t('circulars.numberHint') })}
        ${input(request, v, 'issuedOn', { hint: t('circulars.dateHint') })}
        ${input(request, v, 'subjectHi', { lang: 'hi' })} ${input(request, v, 'subjectEn', { lang: 'en' })}
        ${input(request, v, 'bodyHi', { long: true, lang: 'hi', hint: t('circulars.bodyHint') })}
        ${input(request, v, 'bodyEn', { long: true, lang: 'en', hint: t('circulars.bodyHint') })}
        ${input(request, v, 'authorityHi', { lang: 'hi' })}
        ${input(request, v, 'authorityEn', { lang: 'en' })}
        ${input(request, v, 'copyToHi', { long: true, lang: 'hi', hint: t('circulars.copyToHint') })}
        ${input(request, v, 'copyToEn', { long: true, lang: 'en', hint: t('circulars.copyToHint') })}
        ${audienceRows(request, v)}
        <h2>${t('circulars.ackHeading')}</h2>
        ${checkbox(request, v, 'ackRequired')}
        ${input(request, v, 'ackDeadline', { hint: t('circulars.deadlineHint') })}
        ${checkbox(request, v, 'gatesAccess')}
        <p class="actions">
          <button type="submit" name="action" value="preview" class="secondary">
            ${t('circulars.preview')}
          </button>
          <button type="submit" name="action" value="save">${t('circulars.saveDraft')}</button>
        </p>
      </form>
      ${v.preview ? previewSection(request, v.preview) : ''}
      ${
        v.id === undefined
          ? ''
          : html`${attachmentSection(request, v, v.id, csrf)}
              <h2>${t('circulars.issueHeading')}</h2>
              <p>
                <a class="button" href="/console/circulars/${v.id}/issue">${t('circulars.issueReview')}</a>
              </p>`
      }`,
  });
}
