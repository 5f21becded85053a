import type { Lang, Translate } from '../i18n/index.ts';
import { html, raw, type SafeHtml } from './html.ts';

export interface PageOptions {
  lang: Lang;
  t: Translate;
  title: string;
  /** The request path, for the language switch to come back to. */
  path: string;
  main: SafeHtml;
  /** Extra navigation shown in the header (console). */
  nav?: SafeHtml;
  scripts?: readonly string[];
  /** Extra stylesheets after dwaar.css. */
  styles?: readonly string[];
  /** Set when the page reports errors, so the title announces them. */
  hasError?: boolean;
}

/** When the pages' text last changed: ISO for `datetime`, dd-mm-yyyy as the department writes dates. */
const LAST_UPDATED = { iso: '2026-12-01', shown: '01-12-2026' };

// Notices a signed-in person must see on every page (unread circulars) go first in
// <main>. `reply.page` inserts them after this tag, so no page's own renderer needs to know about them.
const MAIN_OPEN = '<main id="main" tabindex="-1">';

/** The page with `notices` placed at the top of its main landmark; unchanged when there are none. */
export function withNotices(page: string, notices: SafeHtml | undefined): string {
  const at = notices ? page.indexOf(MAIN_OPEN) : -1;
  if (!notices || at < 0) return page;
  const end = at + MAIN_OPEN.length;
  return `${page.slice(0, end)}${notices.value}${page.slice(end)}`;
}

/** The frame every page shares: skip link, owner, language switch, main landmark, footer. */
export function renderPage(o: PageOptions): string {
  const other: Lang = o.lang === 'hi' ? 'en' : 'hi';
  const switchHref = `/lang?to=${other}&back=${encodeURIComponent(o.path)}`;
  const fullTitle = `${o.hasError ? `${o.t('errorSummary')}: ` : ''}${o.title} — ${o.t('appName')}`;
  return html`<!doctype html>
    <html lang="${o.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${fullTitle}</title>
        <link rel="stylesheet" href="/static/dwaar.css" />
        ${(o.styles ?? []).map((s) => html`<link rel="stylesheet" href="${s}" />`)}
        <link rel="icon" href="/static/emblem.svg" type="image/svg+xml" />
        ${(o.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
      </head>
      <body>
        <a class="skip-link" href="#main">${o.t('skipToMain')}</a>
        <header class="site-header">
          <div class="brand">
            <img src="/static/emblem.svg" alt="${o.t('emblemAlt')}" width="40" height="40" />
            <div>
              <a class="app-name" href="/">${o.t('appName')}</a>
              <div class="owner">${o.t('department')}</div>
            </div>
          </div>
          <nav aria-label="${o.lang === 'hi' ? 'भाषा' : 'Language'}" class="lang-switch">
            <a href="${switchHref}" lang="${other}" hreflang="${other}">${o.t('switchLanguage')}</a>
          </nav>
          ${o.nav ?? ''}
        </header>
        <p class="confidential" role="note">${o.t('confidentialBanner')}</p>
        ${raw(MAIN_OPEN)}${o.main}</main>
        <footer class="site-footer">
          <ul>
            <li><a href="/">${o.t('home')}</a></li>
            <li><a href="/help">${o.t('help')}</a></li>
            <li><a href="/help#contact">${o.t('contact')}</a></li>
            <li><a href="/help#accessibility">${o.t('accessibility')}</a></li>
            <li><a href="/help#privacy">${o.t('privacy')}</a></li>
          </ul>
          <p>${o.t('lastUpdated')}: <time datetime="${LAST_UPDATED.iso}">${LAST_UPDATED.shown}</time></p>
        </footer>
      </body>
    </html>`.value;
}

/** An error summary that screen readers announce and that the page focuses (WCAG 3.3.1). */
export function errorSummary(t: Translate, messages: readonly string[]): SafeHtml {
  if (messages.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
    <h2>${t('errorSummary')}</h2>
    <ul>
      ${messages.map((m) => html`<li>${m}</li>`)}
    </ul>
  </div>`;
}

/** One problem on a form, linked to the field that needs fixing (plain text when it concerns the form). */
export interface FieldError {
  readonly field?: string;
  readonly text: string;
}

/** The error summary (announced, focused by page.js), each message linking to its field. */
export function linkedErrorSummary(t: Translate, errors: readonly FieldError[]): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="error-summary">
    <h2>${t('errorSummary')}</h2>
    <ul>
      ${errors.map((e) => html`<li>${e.field ? html`<a href="#${e.field}">${e.text}</a>` : e.text}</li>`)}
    </ul>
  </div>`;
}

/** A one-message page (errors, session ended, declined). */
export function messagePage(
  o: Omit<PageOptions, 'main'> & { heading: string; body: readonly string[]; actions?: SafeHtml },
): string {
  return renderPage({
    ...o,
    main: html`<h1>${o.heading}</h1>
      ${o.body.map((p) => html`<p>${p}</p>`)}${o.actions ?? ''}`,
  });
}
