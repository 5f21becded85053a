import type { FastifyRequest } from 'fastify';
import { formatDate, formatDateTime, indiaDay, dayText, parseDay, type Translate } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import type { AttachmentRow, AudienceRow, CircularRow } from './repository.ts';
import type { FieldProblem } from './schemas.ts';

/** The form's values as typed (or as stored, for an existing draft), by field name. */
export type FormValues = Readonly<Record<string, string>>;

/** An error summary whose items link to their fields (WCAG 3.3.1), focused by the page script. */
export function problemSummary(t: Translate, problems: readonly FieldProblem[]): SafeHtml | string {
  if (!problems.length) return '';
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
    <h2>${t('errorSummary')}</h2>
    <ul>
      ${problems.map((p) => html`<li><a href="#${p.field}">${t(p.key, p.vars)}</a></li>`)}
    </ul>
  </div>`;
}

/** The first problem's sentence for a field, if any. */
export function problemFor(
  t: Translate,
  problems: readonly FieldProblem[],
  field: string,
): string | undefined {
  const p = problems.find((x) => x.field === field);
  return p ? t(p.key, p.vars) : undefined;
}

/** `YYYY-MM-DD` as the department writes dates (dd-mm-yyyy). */
export function circularDay(isoDay: string): string {
  const day = parseDay(isoDay);
  return day ? dayText(day) : isoDay;
}

/** A stored draft as form values, so the edit form starts from what was saved. */
export function valuesOf(c: CircularRow, audiences: readonly AudienceRow[]): FormValues {
  const v: Record<string, string> = {
    number: c.number,
    issuedOn: circularDay(c.issued_on),
    subjectEn: c.subject_en,
    subjectHi: c.subject_hi,
    bodyEn: c.body_en,
    bodyHi: c.body_hi,
    authorityEn: c.authority_en,
    authorityHi: c.authority_hi,
    copyToEn: c.copy_to_en,
    copyToHi: c.copy_to_hi,
    ackDeadline: c.ack_deadline === null ? '' : dayText(indiaDay(c.ack_deadline)),
    ackRequired: c.ack_required === 1 ? 'on' : '',
    gatesAccess: c.gates_access === 1 ? 'on' : '',
  };
  audiences.forEach((a, i) => {
    v[`aud${i}Kind`] = a.kind;
    v[`aud${i}Role`] = a.role ?? '';
    v[`aud${i}Zone`] = a.zone_id ?? '';
    v[`aud${i}District`] = a.district_id ?? '';
  });
  return v;
}

/** Form values from a posted body: strings only. */
export function formValues(body: unknown): FormValues {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body)) if (typeof v === 'string' && k !== '_csrf') out[k] = v;
  return out;
}

export function statusLabel(t: Translate, status: string): string {
  return status === 'draft'
    ? t('circulars.statusDraft')
    : status === 'issued'
      ? t('circulars.statusIssued')
      : t('circulars.statusWithdrawn');
}

export function subjectIn(request: FastifyRequest, c: { subjectEn: string; subjectHi: string }): string {
  return request.lang === 'hi' ? c.subjectHi : c.subjectEn;
}

export const when = (request: FastifyRequest, ms: number | null) =>
  ms === null ? '' : formatDateTime(request.lang, ms);
export const onDay = (request: FastifyRequest, ms: number | null) =>
  ms === null ? '' : formatDate(request.lang, ms);

/** Attachments as download links with size and format (GIGW: circulars show size and format). */
export function attachmentList(
  request: FastifyRequest,
  circularId: number,
  rows: readonly AttachmentRow[],
  remove?: (a: AttachmentRow) => SafeHtml,
): SafeHtml {
  const t = request.t;
  if (!rows.length) return html`<p>${t('circulars.noAttachments')}</p>`;
  return html`<ul class="attachments">
    ${rows.map(
      (a) =>
        html`<li>
          <a href="/console/circulars/${circularId}/attachments/${a.id}" download>${a.file_name}</a>
          (${formatName(a.content_type)},
          ${t('circulars.sizeKb', { kb: Math.max(1, Math.round(a.size / 1024)) })}) ${remove ? remove(a) : ''}
        </li>`,
    )}
  </ul>`;
}

function formatName(type: string): string {
  return type === 'application/pdf'
    ? 'PDF'
    : type === 'image/png'
      ? 'PNG'
      : type === 'image/jpeg'
        ? 'JPEG'
        : type === 'text/csv'
          ? 'CSV'
          : 'TXT';
}
