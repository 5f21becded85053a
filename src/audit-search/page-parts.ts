import { formatDateTime, type Lang, type Translate } from '../i18n/index.ts';
import { html, linkedErrorSummary, type SafeHtml } from '../web/index.ts';
import { labelKey } from './event-types.ts';
import type { SearchProblem } from './search-service.ts';

/** India time to the second: the page, the CSV and the JSONL all show this (IST has no DST, no odd seconds). */
export function auditTime(lang: Lang, ms: number): string {
  return `${formatDateTime(lang, ms)}:${String(new Date(ms).getUTCSeconds()).padStart(2, '0')}`;
}

/** An event's details from its canonical JSON (an empty object when it does not parse as one). */
export function detailObject(detail: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return {};
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}

/** A detail value as text (canonical details hold only strings, numbers, booleans and null). */
function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The details as `[key, value]` pairs of text, for the page and the CSV. */
export function detailPairs(detail: string): [string, string][] {
  return Object.entries(detailObject(detail)).map(([k, v]) => [k, valueText(v)]);
}

/** The details in one line, `key: value; key: value` (the CSV's column). */
export const detailText = (detail: string) =>
  detailPairs(detail)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');

/** The action as people read it: its plain name where it has one, always with the technical type. */
export function actionCell(t: Translate, type: string): SafeHtml {
  const key = labelKey(type);
  return key ? html`${t(key)}<br /><code>${type}</code>` : html`<code>${type}</code>`;
}

/** The path of a person's timeline. */
export const timelineHref = (userId: string) => `/console/audit/people/${encodeURIComponent(userId)}`;

/**
 * The error summary (WCAG 3.3.1): announced and focused, each problem a link to its field, or plain text
 * when it concerns the link as a whole.
 */
export function problemSummary(t: Translate, problems: readonly SearchProblem[]): SafeHtml {
  return linkedErrorSummary(
    t,
    problems.map((p) => (p.field ? { field: p.field, text: t(p.message) } : { text: t(p.message) })),
  );
}

/** A data table in the console's scrolling wrapper, labelled by its caption. */
export function dataTable(
  caption: string,
  columns: readonly string[],
  rows: readonly SafeHtml[],
  foot?: SafeHtml,
): SafeHtml {
  return html`<div class="table-wrap" role="region" tabindex="0" aria-label="${caption}">
    <table class="data">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${columns.map((c) => html`<th scope="col">${c}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
      ${foot ?? ''}
    </table>
  </div>`;
}
