import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../i18n/index.ts';
import type { BrowserFacts } from '../session/index.ts';

/** "Chrome on Windows" in the page's language, from the browser facts. */
export function deviceWords(t: FastifyRequest['t'], b: BrowserFacts): string {
  return t('devices.nameOn', { browser: b.browser, os: b.os });
}

/** A moment in the page's language, India time. */
export function when(request: FastifyRequest, at: number): string {
  return formatDateTime(request.lang, at);
}
