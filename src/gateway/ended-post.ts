import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatDateTime, translator, type Lang } from '../i18n/index.ts';
import { escapeHtml } from '../web/index.ts';
import { statusOf } from '../errors.ts';
import type { BindingLookup } from '../session/index.ts';
import { findRawHeader } from './headers.ts';
import { isLocalPath } from './next-url.ts';
import { ownPageHeaders } from './own-page-headers.ts';
import type { ResourceRoute } from './resources.ts';
import { requestLang } from './session-bar.ts';

/** True for a browser's form navigation (it asks for HTML); API clients keep the short plain answer. */
export function wantsHtml(req: IncomingMessage): boolean {
  return (findRawHeader(req.rawHeaders, 'accept') ?? '').includes('text/html');
}

/**
 * The page a form posted from gets when it was posted after its session ended: where to sign in again so
 * the officer returns to that page (the page the form was on, from Referer when it is this resource's own
 * origin, else the resource's start; the portal checks `next` again, so it cannot become an open redirect).
 */
export function returnAddress(req: IncomingMessage, route: ResourceRoute): string {
  const referer = findRawHeader(req.rawHeaders, 'referer') ?? '';
  const prefix = `${route.publicOrigin}/`;
  const path = referer.startsWith(prefix) ? referer.slice(route.publicOrigin.length) : '/';
  return `${route.publicOrigin}${isLocalPath(path) ? path : '/'}`;
}

function section(lang: Lang, level: 1 | 2, endedAt: number | undefined, signIn: string): string {
  const t = translator(lang);
  const when =
    endedAt === undefined
      ? t('proxy.postNoSession')
      : t('proxy.postEndedAt', { time: formatDateTime(lang, endedAt) });
  return (
    `<section lang="${lang}"><h${level}>${escapeHtml(t('proxy.postEndedTitle'))}</h${level}>` +
    `<p>${escapeHtml(when)}</p><p><strong>${escapeHtml(t('proxy.postNotSent'))}</strong></p>` +
    `<p>${escapeHtml(t('proxy.postSignIn'))}</p>` +
    `<p class="actions"><a class="button" href="${escapeHtml(signIn)}">${escapeHtml(t('proxy.postSignInButton'))}</a></p></section>`
  );
}

/** Answers a form POST that arrived without a live session: bilingual, the officer's language first. */
export function sendEndedPostPage(
  req: IncomingMessage,
  res: ServerResponse,
  route: ResourceRoute,
  lookup: BindingLookup,
  portal: string,
  secure: boolean,
): void {
  const lang = requestLang(req, secure);
  const other: Lang = lang === 'en' ? 'hi' : 'en';
  const endedAt = lookup.ok ? undefined : lookup.endedAt;
  const signIn = `${portal}/?next=${encodeURIComponent(returnAddress(req, route))}`;
  const title = translator(lang)('proxy.postEndedTitle');
  res.writeHead(statusOf('SESSION_REQUIRED'), ownPageHeaders(portal));
  res.end(
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${escapeHtml(title)} · Dwaar</title><link rel="stylesheet" href="${portal}/static/dwaar.css"></head>` +
      `<body><main id="main">${section(lang, 1, endedAt, signIn)}${section(other, 2, endedAt, signIn)}</main></body></html>`,
  );
}
