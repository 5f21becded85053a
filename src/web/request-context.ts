import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isLang, translator, type Lang, type Translate } from '../i18n/index.ts';
import { COOKIE } from './cookies.ts';
import type { SafeHtml } from './html.ts';
import { withNotices } from './layout.ts';

declare module 'fastify' {
  interface FastifyRequest {
    lang: Lang;
    t: Translate;
    /** Notices for the signed-in person (unread circulars), shown atop <main> by `reply.page`. */
    notices: SafeHtml | undefined;
  }
  interface FastifyReply {
    /** Sends a full HTML page. */
    page(body: string, status?: number): FastifyReply;
  }
}

/** The visitor's language: their remembered choice, else their browser's preference, else English. */
function pickLanguage(request: FastifyRequest): Lang {
  const chosen = request.cookies[COOKIE.lang];
  if (isLang(chosen)) return chosen;
  const accept = request.headers['accept-language'] ?? '';
  return /^\s*hi\b/i.test(accept) ? 'hi' : 'en';
}

export function registerRequestContext(app: FastifyInstance): void {
  app.decorateRequest('lang', 'en');
  app.decorateRequest('t', null as unknown as Translate);
  app.decorateRequest('notices', undefined);
  app.decorateReply('page', function (this: FastifyReply, body: string, status = 200) {
    const page = withNotices(body, this.request.notices);
    return this.code(status).header('content-type', 'text/html; charset=utf-8').send(page);
  });
  app.addHook('onRequest', (request, _reply, done) => {
    request.lang = pickLanguage(request);
    request.t = translator(request.lang);
    done();
  });
}
