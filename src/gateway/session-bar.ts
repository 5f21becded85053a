import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import { isLang, translator, type Lang, type MessageKey } from '../i18n/index.ts';
import { sessionTimes, type BindingLookup, type SessionStore } from '../session/index.ts';
import { findRawHeader, readCookie } from './headers.ts';
import type { ResourceRoute } from './resources.ts';

/** The script a back office includes (or the gateway inserts) to show the session bar. */
export const SESSION_BAR_SCRIPT_PATH = '/.dwaar/session-bar.js';
/** The one tag a back office adds, and the gateway inserts into pages of resources that opt in. */
export const SESSION_BAR_TAG = `<script src="${SESSION_BAR_SCRIPT_PATH}" defer></script>`;
const STYLE_PATH = '/.dwaar/session-bar.css';
const TEXT_PATH = '/.dwaar/session-bar-text';
/** GET: the session's times (peeks: reading them does not extend the session). */
const STATUS_PATH = '/.dwaar/session';
const EXTEND_PATH = '/.dwaar/session/extend';
const LOGOUT_PATH = '/.dwaar/session/logout';
/** The script sends this on every POST: a cross-site form cannot, and a cross-site fetch would need CORS. */
export const SESSION_BAR_HEADER = 'x-dwaar-session-bar';

/** The language a resource host remembers from the hand-off (the portal's cookie is host-only). */
export function langCookieName(secure: boolean): string {
  return secure ? '__Host-dwaar_lang' : 'dwaar_lang';
}

/** Every string the bar shows, as templates (`{time}` is filled in by the script). */
const BAR_KEYS = [
  'proxy.barLabel',
  'proxy.barTimeLeft',
  'proxy.barWebtop',
  'proxy.barLogout',
  'proxy.warnTitle',
  'proxy.warnBody',
  'proxy.warnKeep',
  'proxy.warnExtend',
  'proxy.warnEndedTitle',
  'proxy.warnEnded',
  'proxy.warnSignIn',
  'proxy.warnFailed',
  'proxy.timeMinSec',
  'proxy.timeSec',
  'proxy.timeMin',
] as const satisfies readonly MessageKey[];

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
  readonly cache: string;
}

/** Static files change only with a release; a week's caching with an ETag keeps revalidation cheap. */
const ASSET_CACHE = 'public, max-age=604800';

function asset(body: Buffer | string, type: string, cache = ASSET_CACHE): Asset {
  const buf = typeof body === 'string' ? Buffer.from(body) : body;
  const etag = `"${createHash('sha256').update(buf).digest('base64url').slice(0, 22)}"`;
  return { body: buf, type, etag, cache };
}

function readStatic(name: string): Buffer {
  return readFileSync(join(import.meta.dirname, '..', 'web', 'static', name));
}

export interface SessionBarDeps {
  readonly sessions: SessionStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly portal: string;
  readonly cookieName: string;
  readonly secure: boolean;
}

export type SessionBar = ReturnType<typeof createSessionBar>;

/** The language for a request on a resource host: the hand-off's cookie, else the browser's preference. */
export function requestLang(req: IncomingMessage, secure: boolean): Lang {
  const chosen = readCookie(findRawHeader(req.rawHeaders, 'cookie'), langCookieName(secure));
  if (isLang(chosen)) return chosen;
  const accept = findRawHeader(req.rawHeaders, 'accept-language') ?? '';
  return /^\s*hi\b/i.test(accept) ? 'hi' : 'en';
}

/**
 * The session bar's reserved paths on every resource host: its script, styles and texts (static, long
 * cached), the session's times (JSON, times only) and one-click extend and log out (POST, same-origin and
 * the bar's header required). Never on the proxy path: these answer before any session is resolved there.
 */
export function createSessionBar(deps: SessionBarDeps) {
  const { sessions, clock, logger, portal, cookieName, secure } = deps;
  const assets = new Map<string, Asset>([
    [SESSION_BAR_SCRIPT_PATH, asset(readStatic('session-bar.js'), 'text/javascript; charset=utf-8')],
    [STYLE_PATH, asset(readStatic('session-bar.css'), 'text/css; charset=utf-8')],
  ]);
  for (const lang of ['en', 'hi'] as const) {
    const t = translator(lang);
    const text = Object.fromEntries(BAR_KEYS.map((k) => [k.slice('proxy.'.length), t(k)]));
    const body = JSON.stringify({ lang, webtop: `${portal}/webtop`, signIn: `${portal}/?next=`, text });
    assets.set(
      `${TEXT_PATH}?lang=${lang}`,
      asset(body, 'application/json; charset=utf-8', 'public, max-age=3600'),
    );
  }

  function sendAsset(req: IncomingMessage, res: ServerResponse, a: Asset): void {
    const headers = {
      'content-type': a.type,
      'cache-control': a.cache,
      etag: a.etag,
      'x-content-type-options': 'nosniff',
    };
    if (findRawHeader(req.rawHeaders, 'if-none-match') === a.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, { ...headers, 'content-length': a.body.length });
    res.end(req.method === 'HEAD' ? undefined : a.body);
  }

  function json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(JSON.stringify(body));
  }

  /** Times only: nothing about who the session belongs to. */
  function statusBody(req: IncomingMessage, lookup: BindingLookup): { status: number; body: unknown } {
    const now = clock.now();
    const lang = requestLang(req, secure);
    if (lookup.ok)
      return { status: 200, body: { live: true, lang, now, ...sessionTimes(lookup.binding.session, now) } };
    return { status: 401, body: { live: false, lang, now, endedAt: lookup.endedAt ?? null } };
  }

  function withLookup(
    req: IncomingMessage,
    route: ResourceRoute,
    peek: boolean,
    then: (lookup: BindingLookup) => void | Promise<void>,
    res: ServerResponse,
  ): void {
    const token = readCookie(findRawHeader(req.rawHeaders, 'cookie'), cookieName);
    Promise.resolve(sessions.resolveBinding(token, route.host, peek))
      .then(then)
      .catch((err: unknown) => {
        logger.error({ err }, 'session bar failed');
        if (!res.headersSent) json(res, 503, { live: false });
      });
  }

  /** A POST from the bar itself: same origin (RFC 6454 Origin) and the bar's header. */
  function fromBar(req: IncomingMessage, route: ResourceRoute): boolean {
    return (
      findRawHeader(req.rawHeaders, 'origin') === route.publicOrigin &&
      findRawHeader(req.rawHeaders, SESSION_BAR_HEADER) === '1'
    );
  }

  /** Answers a reserved session-bar path; false when `url` is not one (the caller goes on). */
  function handle(req: IncomingMessage, res: ServerResponse, route: ResourceRoute, url: URL): boolean {
    const method = req.method ?? 'GET';
    const readable = method === 'GET' || method === 'HEAD';
    const key =
      url.pathname === TEXT_PATH ? `${TEXT_PATH}?lang=${url.searchParams.get('lang') ?? ''}` : url.pathname;
    const found = assets.get(key);
    if (found && readable) {
      sendAsset(req, res, found);
      return true;
    }
    if (url.pathname === STATUS_PATH && readable) {
      withLookup(
        req,
        route,
        true,
        (lookup) => {
          const { status, body } = statusBody(req, lookup);
          json(res, status, body);
        },
        res,
      );
      return true;
    }
    if (url.pathname !== EXTEND_PATH && url.pathname !== LOGOUT_PATH) return false;
    if (method !== 'POST') {
      res.writeHead(405, { allow: 'POST', 'cache-control': 'no-store' });
      res.end();
      return true;
    }
    if (!fromBar(req, route)) {
      json(res, 403, { live: false });
      return true;
    }
    const logout = url.pathname === LOGOUT_PATH;
    // Extending is an ordinary (touching) lookup: the officer acted.
    withLookup(
      req,
      route,
      false,
      async (lookup) => {
        if (logout && lookup.ok) {
          const s = lookup.binding.session;
          await sessions.end(s.id, 'logout', s.subject.userId);
          json(res, 200, { live: false, next: `${portal}/ended?reason=logout` });
          return;
        }
        const { status, body } = statusBody(req, lookup);
        json(res, status, body);
      },
      res,
    );
    return true;
  }

  return { handle };
}
