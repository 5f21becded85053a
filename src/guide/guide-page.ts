import type { FastifyRequest } from 'fastify';
import { ERRORS } from '../errors.ts';
import { formatLongDate, translator, type Lang } from '../i18n/index.ts';
import { html, raw, renderPage, type SafeHtml } from '../web/index.ts';
import { renderGuideSection } from './guide-content.ts';
import type { GuideFacts } from './guide-facts.ts';

/** One built guide: the facts, their hash, and when this version was first built. */
export interface GuideSnapshot {
  readonly facts: GuideFacts;
  readonly version: string;
  readonly updatedAt: number;
}

const OTHER: Record<Lang, Lang> = { en: 'hi', hi: 'en' };

function sections(order: readonly Lang[], g: GuideSnapshot): SafeHtml {
  return html`${order.map((lang) =>
    renderGuideSection(lang, g.facts, {
      version: g.version,
      // The guide reads like a circular: "1 December 2026" / "1 दिसंबर 2026", Latin digits, India time.
      updated: formatLongDate(lang, g.updatedAt),
    }),
  )}`;
}

function heading(lang: Lang): SafeHtml {
  const other = OTHER[lang];
  return html`<h1>
    ${translator(lang)('guide.title')} <span lang="${other}">/ ${translator(other)('guide.title')}</span>
  </h1>`;
}

function languageLinks(lang: Lang, withPdf: boolean): SafeHtml {
  const t = translator(lang);
  return html`<nav class="guide-lang-nav" aria-label="${t('guide.languages')}">
    <ul>
      <li><a href="#en-title" lang="en">${t('guide.jumpEn')}</a></li>
      <li><a href="#hi-title" lang="hi">${t('guide.jumpHi')}</a></li>
      ${withPdf ? html`<li><a href="/guide.pdf" type="application/pdf">${t('guide.pdfLink')}</a></li>` : ''}
    </ul>
  </nav>`;
}

/** The guide as a portal page: the visitor's language first, then the other. */
export function renderGuidePage(request: FastifyRequest, g: GuideSnapshot): string {
  const lang = request.lang;
  return renderPage({
    lang,
    t: request.t,
    title: request.t('guide.title'),
    path: request.url,
    styles: ['/static/guide.css'],
    main: html`${heading(lang)}${languageLinks(lang, true)}${sections([lang, OTHER[lang]], g)}`,
  });
}

/**
 * The guide as a standalone document for printing to PDF: Hindi first, as the department writes, styles
 * inlined (the document is loaded without a base URL), no site navigation.
 */
export function renderGuideDocument(g: GuideSnapshot, css: string): string {
  const title = `${translator('hi')('guide.heading')} — ${translator('en')('guide.heading')}`;
  return html`<!doctype html>
    <html lang="hi">
      <head>
        <meta charset="utf-8" />
        <title>${title}</title>
        <style>
          ${raw(css)}
        </style>
      </head>
      <body class="guide-print">
        <main id="main">${heading('hi')}${languageLinks('hi', false)}${sections(['hi', 'en'], g)}</main>
      </body>
    </html>`.value;
}

/** The bilingual page `/guide.pdf` answers when it cannot produce the PDF. */
export function renderPdfUnavailable(request: FastifyRequest): string {
  const lang = request.lang;
  const other = OTHER[lang];
  const t = request.t;
  const o = translator(other);
  const { title, body } = ERRORS.GUIDE_PDF_UNAVAILABLE;
  return renderPage({
    lang,
    t,
    title: t(title),
    path: request.url,
    main: html`<h1>${t(title)}</h1>
      <p>${t(body)}</p>
      <p class="actions"><a class="button" href="/guide">${t('guide.openHtml')}</a></p>
      <div lang="${other}">
        <h2>${o(title)}</h2>
        <p>${o(body)}</p>
        <p><a href="/guide">${o('guide.openHtml')}</a></p>
      </div>`,
  });
}
