import type { FastifyRequest } from 'fastify';
import { ERRORS, type AppError, type ErrorCode, type ErrorVars } from '../errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { renderConsoleMessage } from './console-page.ts';
import { html } from './html.ts';
import { messagePage } from './layout.ts';

export interface Refusal {
  readonly code: ErrorCode;
  readonly vars?: ErrorVars;
  /** Replaces the table's sentence for this one refusal (already translated). */
  readonly detail?: string;
  readonly back?: { readonly href: string; readonly label: MessageKey };
  /** Extra sentences after the main one (a reference number, what to do next). */
  readonly more?: readonly string[];
}

/**
 * The one refusal page: heading and sentence from the error table, in the visitor's language, inside the
 * console's frame for signed-in staff and the portal's frame for everyone else, with a way back.
 */
export function renderRefusal(request: FastifyRequest, r: Refusal): string {
  const t = request.t;
  const entry = ERRORS[r.code];
  // A heading may name a value too (how long a link lasts); headings without placeholders ignore vars.
  const title = t(entry.title, r.vars);
  const body = [r.detail ?? t(entry.body, r.vars), ...(r.more ?? [])];
  if (request.consoleFrame) {
    const back = r.back ?? { href: '/console', label: 'consoleTitle' };
    return renderConsoleMessage(request, { title, body, back: { href: back.href, label: t(back.label) } });
  }
  const back = r.back ?? { href: '/', label: 'home' };
  return messagePage({
    lang: request.lang,
    t,
    title,
    // Never the query: a page about a one-time link must not carry its token into the language switch.
    path: request.url.split('?')[0] ?? '/',
    heading: title,
    body,
    actions: html`<p class="actions"><a class="button" href="${back.href}">${t(back.label)}</a></p>`,
  });
}

/** The refusal an AppError describes. */
export function refusalOf(error: AppError): Refusal {
  return { code: error.code, vars: error.vars, detail: error.detail, back: error.back };
}
