import { translator, type Lang } from '../i18n/index.ts';
import type { NamedPlace } from '../directory/index.ts';
import { html, raw, type SafeHtml } from '../web/index.ts';
import { circularDay } from './pages-common.ts';
import { renderCircularBody } from './render-body.ts';
import type { AudienceRow, CircularRow } from './repository.ts';

/** A4 print styles: served as a file for the HTML (the CSP forbids inline styles), inlined into the PDF. */
export const PRINT_CSS = `
@page { size: A4; margin: 20mm 18mm; }
body { font-family: "Noto Sans Devanagari", "Noto Sans", "Mangal", sans-serif; font-size: 12pt; line-height: 1.5; color: #000; margin: 0 auto; max-width: 180mm; }
.letter { page-break-after: always; }
.letter:last-child { page-break-after: auto; }
.letterhead { text-align: center; font-weight: bold; border-bottom: 1px solid #000; padding-bottom: 4pt; }
.ref { display: flex; justify-content: space-between; margin: 8pt 0; }
.subject { font-weight: bold; }
.signature { margin-top: 24pt; text-align: right; }
.endorsement { margin-top: 18pt; border-top: 1px dashed #000; padding-top: 8pt; }
table { border-collapse: collapse; } th, td { border: 1px solid #000; padding: 2pt 4pt; }
.screen-only { margin: 8pt 0; }
@media print { .screen-only { display: none; } }
`;

export interface PrintView {
  readonly circular: CircularRow;
  readonly audiences: readonly AudienceRow[];
  readonly zones: readonly NamedPlace[];
  readonly districts: readonly NamedPlace[];
  /** One language, or both (Hindi first, as the department prints). */
  readonly langs: readonly Lang[];
  /** `link` for the HTML page (stylesheet file), `inline` for the PDF. */
  readonly styles: 'link' | 'inline';
}

function audienceText(lang: Lang, a: AudienceRow, v: PrintView): string {
  const t = translator(lang);
  const place = (list: readonly NamedPlace[], id: string | null) => {
    const p = list.find((x) => x.id === id);
    return p ? (lang === 'hi' ? p.nameHi : p.nameEn) : (id ?? '');
  };
  const parts = [
    a.role ? t(`role_${a.role}` as 'role_officer') : t('circulars.everyone'),
    a.zone_id ? t('circulars.printZone', { zone: place(v.zones, a.zone_id) }) : '',
    a.district_id ? t('circulars.printDistrict', { district: place(v.districts, a.district_id) }) : '',
  ];
  return parts.filter(Boolean).join(', ');
}

function letter(lang: Lang, v: PrintView): SafeHtml {
  const t = translator(lang);
  const c = v.circular;
  const pick = (en: string, hi: string) => (lang === 'hi' ? hi : en);
  const copies = pick(c.copy_to_en, c.copy_to_hi)
    .split('\n')
    .filter((l) => l.trim().length > 0);
  const to = v.audiences.filter((a) => a.kind === 'recipient');
  return html`<section class="letter" lang="${lang}">
    <p class="letterhead">${pick(c.authority_en, c.authority_hi)}</p>
    <p class="ref">
      <span>${t('circulars.printNumber', { number: c.number })}</span>
      <span>${t('circulars.printDate', { date: circularDay(c.issued_on) })}</span>
    </p>
    <p>${t('circulars.printTo')}</p>
    <ul>
      ${to.map((a) => html`<li>${audienceText(lang, a, v)}</li>`)}
    </ul>
    <p class="subject">${t('circulars.printSubject', { subject: pick(c.subject_en, c.subject_hi) })}</p>
    <div class="body">${raw(renderCircularBody(pick(c.body_en, c.body_hi)))}</div>
    <p class="signature">${pick(c.authority_en, c.authority_hi)}</p>
    <div class="endorsement">
      <p>${t('circulars.printEndorsementNo', { number: c.number })}</p>
      <p>${t('circulars.printCopyHeading')}</p>
      <ol>
        ${copies.map((line) => html`<li>${line.replace(/^\d+[.)]\s*/, '')}</li>`)}
      </ol>
      <p class="signature">${pick(c.authority_en, c.authority_hi)}</p>
    </div>
  </section>`;
}

/** The circular as a standalone printable document: letterhead, text, signature, endorsement and copy list. */
export function renderPrintPage(v: PrintView): string {
  const first = v.langs[0] ?? 'hi';
  const c = v.circular;
  const style =
    v.styles === 'inline'
      ? html`<style>
          ${raw(PRINT_CSS)}
        </style>`
      : html`<link rel="stylesheet" href="/console/circulars/print.css" />`;
  const t = translator(first);
  return html`<!doctype html>
    <html lang="${first}">
      <head>
        <meta charset="utf-8" />
        <title>${t('circulars.printTitle', { number: c.number })}</title>
        ${style}
      </head>
      <body>
        ${
          v.styles === 'link'
            ? html`<p class="screen-only">
                <a href="/console/circulars/${c.id}">${t('circulars.backToCircular')}</a> ·
                <a href="/console/circulars/${c.id}/print?lang=hi" lang="hi">हिन्दी</a> ·
                <a href="/console/circulars/${c.id}/print?lang=en" lang="en">English</a>
              </p>`
            : ''
        }
        <main>${v.langs.map((lang) => letter(lang, v))}</main>
      </body>
    </html>`.value;
}
