import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { html, type SafeHtml } from './html.ts';
import { renderPage } from './layout.ts';

/** What the console's frame shows around every page: the sections this person may open, and who they are. */
export interface ConsoleFrame {
  readonly sections: readonly { readonly href: string; readonly label: MessageKey }[];
  readonly displayName: string;
  readonly roleLabel: MessageKey;
  /** CSRF token for the log-out form. */
  readonly csrf: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the console scope for signed-in staff; undefined elsewhere. */
    consoleFrame: ConsoleFrame | undefined;
  }
}

function consoleNav(request: FastifyRequest, frame: ConsoleFrame): SafeHtml {
  const t = request.t;
  const current = request.url.split('?')[0];
  return html`<nav class="console-nav" aria-label="${t('consoleTitle')}">
    <ul>
      ${frame.sections.map(
        (s) =>
          html`<li>
            <a href="${s.href}" ${current === s.href ? html`aria-current="page"` : ''}>${t(s.label)}</a>
          </li>`,
      )}
      <li>${t('signedInAs', { name: frame.displayName, role: t(frame.roleLabel) })}</li>
      <li>
        <form method="post" action="/logout">
          <input type="hidden" name="_csrf" value="${frame.csrf}" /><button type="submit" class="secondary">
            ${t('logout')}
          </button>
        </form>
      </li>
    </ul>
  </nav>`;
}

export interface ConsolePage {
  title: string;
  main: SafeHtml;
  scripts?: readonly string[];
  /** Extra stylesheets after dwaar.css. */
  styles?: readonly string[];
  hasError?: boolean;
}

/** A console page: the shared frame plus the console's navigation for the signed-in staff member. */
export function renderConsolePage(request: FastifyRequest, page: ConsolePage): string {
  const frame = request.consoleFrame;
  if (!frame) throw new AppError('SESSION_REQUIRED');
  return renderPage({
    lang: request.lang,
    t: request.t,
    title: page.title,
    path: request.url,
    nav: consoleNav(request, frame),
    main: page.main,
    scripts: ['/static/page.js', ...(page.scripts ?? [])],
    styles: page.styles,
    hasError: page.hasError,
  });
}

/** A console page with one heading, a few sentences and a way back: refusals, confirmations of nothing. */
export function renderConsoleMessage(
  request: FastifyRequest,
  o: { title: string; body: readonly string[]; back?: { href: string; label: string } },
): string {
  return renderConsolePage(request, {
    title: o.title,
    main: html`<h1>${o.title}</h1>
      ${o.body.map((p) => html`<p>${p}</p>`)}
      ${o.back ? html`<p class="actions"><a href="${o.back.href}">${o.back.label}</a></p>` : ''}`,
  });
}
