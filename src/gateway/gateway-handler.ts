import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { BindingLookup, ResourceBinding, SessionStore } from '../session/index.ts';
import type { Kv } from '../store/index.ts';
import { translator } from '../i18n/index.ts';
import type { Metrics } from '../metrics/index.ts';
import { clientIp, requestIdOf, resourceCookieName } from '../web/index.ts';
import { createAccessLog, type AccessEntry } from './access-log.ts';
import { ASSERTION_REUSE_MS, type AssertionSigner } from './assertion.ts';
import { forwardRequest, originForm, type RequestTrace, type UpstreamFailure } from './forward.ts';
import {
  CALLBACK_PATH,
  HANDOFF_STATE_TTL_S,
  handoffStateCookieName,
  newHandoffState,
  redeemHandoff,
  START_PATH,
} from './handoff.ts';
import { buildUpstreamHeaders, findRawHeader, readCookie } from './headers.ts';
import { isLocalPath } from './next-url.ts';
import type { ResourceRoute } from './resources.ts';
import { createTunnelRegistry } from './tunnels.ts';
import { createUpgradeHandler } from './upgrade.ts';
import { statusOf } from '../errors.ts';
import { sendEndedPostPage, wantsHtml } from './ended-post.ts';
import { askForIdentity, injectingRelay } from './inject.ts';
import { createSessionBar, langCookieName } from './session-bar.ts';
import { ownPageHeaders } from './own-page-headers.ts';
import type { AccessDecider } from './access.ts';
import type { Decision } from '../policy/index.ts';

/** Suspicious events from one address are audited at most this often, so a flood cannot flood the log. */
const AUDIT_SAMPLE_MS = 60_000;

export interface GatewayHandler {
  handle(req: IncomingMessage, res: ServerResponse, route: ResourceRoute): void;
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, route: ResourceRoute): void;
  /** Live WebSocket tunnel sockets (both ends counted). */
  tunnels(): number;
  /** Shutdown begins: tells each tunnel's browser 1001 Going Away (see tunnels.ts); returns how many. */
  goingAway(): number;
  /** Closes live WebSocket tunnels and stops watching them (at shutdown). */
  close(): void;
}

/** What the proxy path needs: sessions and the signer from memory, kv for hand-off codes. */
export interface GatewayDeps {
  readonly config: Pick<Config, 'publicUrl' | 'trustedProxies'> & {
    readonly sessionBar?: Config['sessionBar'];
    readonly operations?: Pick<Config['operations'], 'accessLog'>;
  };
  readonly sessions: SessionStore;
  readonly signer: AssertionSigner;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly kv: Kv;
  readonly audit: AuditLog;
  /** The live policy, decided on every request. */
  readonly access: AccessDecider;
  /** Policy denials are counted here; answers and latency on each route's own meter. */
  readonly metrics: Pick<Metrics, 'policyDenial'>;
}

/**
 * The proxy path for resource hosts. A request with a live resource cookie is forwarded with a signed
 * assertion; the session check and the assertion come from memory. Anything else is sent to the portal.
 */
export function createGatewayHandler(deps: GatewayDeps): GatewayHandler {
  const { config, sessions, signer, clock, logger, kv, audit, access, metrics } = deps;
  const https = config.publicUrl.protocol === 'https:';
  const proto = https ? 'https' : 'http';
  const cookieName = resourceCookieName(https);
  const portal = config.publicUrl.origin;
  const portalHost = config.publicUrl.hostname;
  const stateCookie = handoffStateCookieName(https);
  const secure = https ? '; Secure' : '';
  const clearState = `${stateCookie}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${secure}`;
  const bar = createSessionBar({ sessions, clock, logger, portal, cookieName, secure: https });
  /** Resources whose HTML answers get the session bar's tag inserted (their pages cannot be changed). */
  const injectInto = new Set(config.sessionBar?.injectInto ?? []);
  const accessLog = config.operations?.accessLog === true ? createAccessLog(logger) : undefined;

  function auditSampled(
    type: 'session.cookie_rejected' | 'assertion.stripped',
    ip: string,
    host: string,
  ): void {
    kv.incr(`sample:${type}:${ip}`, AUDIT_SAMPLE_MS)
      .then((n) => (n === 1 ? audit.append({ type, actor: 'anonymous', ip, target: host }) : undefined))
      .catch((err: unknown) => logger.error({ err }, 'audit sample'));
  }

  /** A request the policy refused: audited once a minute per session and resource, then sent to the webtop. */
  function denied(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    binding: ResourceBinding,
    decision: Decision,
    ip: string,
  ): void {
    const session = binding.session;
    kv.incr(`sample:access.denied:${session.id}:${route.id}`, AUDIT_SAMPLE_MS)
      .then((n) =>
        n === 1
          ? audit.append({
              type: 'access.denied',
              actor: session.subject.userId,
              ip,
              target: route.id,
              detail: { session: session.id, reason: decision.reason, rule: decision.rule ?? null },
            })
          : undefined,
      )
      .catch((err: unknown) => logger.error({ err }, 'audit sample'));
    if (req.method === 'GET' || req.method === 'HEAD') {
      redirect(res, `${portal}/webtop?denied=${encodeURIComponent(route.id)}`);
      return;
    }
    res.writeHead(statusOf('ACCESS_DENIED'), {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(
      'Access to this application is not allowed now. Open the Dwaar portal to see why. / इस अनुप्रयोग तक पहुँच अभी अनुमत नहीं है। कारण जानने के लिए द्वार पोर्टल खोलें।\n',
    );
  }

  /** A declared body larger than the resource allows: refused before it is read. */
  function isTooLarge(req: IncomingMessage, route: ResourceRoute): boolean {
    const length = req.headers['content-length'];
    return length !== undefined && Number(length) > route.bodyLimit;
  }

  function tooLarge(res: ServerResponse): void {
    res.writeHead(statusOf('PAYLOAD_TOO_LARGE'), {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'close',
    });
    res.end('Request body too large. / अनुरोध का आकार बहुत बड़ा है।\n');
  }

  function assertionFor(binding: ResourceBinding, now: number): string {
    if (binding.assertion === undefined || now >= binding.assertionRefreshAt) {
      binding.assertion = signer.sign(binding.session.subject, binding.session.id, binding.host, now);
      binding.assertionRefreshAt = now + ASSERTION_REUSE_MS;
    }
    return binding.assertion;
  }

  function failUpstream(
    res: ServerResponse,
    failure: UpstreamFailure,
    err: Error,
    trace: RequestTrace,
  ): void {
    logger.warn({ err: err.message, failure, reqId: trace.requestId }, 'upstream failed');
    const t = translator('en');
    const th = translator('hi');
    const status = statusOf(failure);
    const body = failure === 'UPSTREAM_TIMEOUT' ? 'upstreamTimeoutBody' : 'upstreamDownBody';
    trace.meter.status(status);
    res.setHeader('x-request-id', trace.requestId);
    res.writeHead(status, ownPageHeaders(portal));
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${t('upstreamDownTitle')}</title></head>` +
        `<body><main><h1>${t('upstreamDownTitle')}</h1><p>${t(body)}</p>` +
        `<h2 lang="hi">${th('upstreamDownTitle')}</h2><p lang="hi">${th(body)}</p>` +
        `<p><a href="${portal}/webtop">Dwaar / द्वार</a></p></main></body></html>`,
    );
  }

  function redirect(res: ServerResponse, location: string): void {
    res.writeHead(302, { location, 'cache-control': 'no-store' });
    res.end();
  }

  /** Sends a visitor without a usable resource cookie to the portal (or says 401 to non-navigation). */
  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    lookup: BindingLookup,
  ): void {
    if (!lookup.ok && lookup.reason === 'invalid')
      auditSampled('session.cookie_rejected', clientIp(req, config.trustedProxies), route.host);
    const navigable = req.method === 'GET' || req.method === 'HEAD';
    if (!navigable && wantsHtml(req)) {
      // A form sent after the session ended: say so, and offer the way back to the page it came from.
      sendEndedPostPage(req, res, route, lookup, portal, https);
      return;
    }
    if (!navigable) {
      res.writeHead(statusOf('SESSION_REQUIRED'), {
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(
        'Session required. Sign in again at the Dwaar portal. / सत्र आवश्यक है। द्वार पोर्टल पर फिर से साइन इन करें।\n',
      );
      return;
    }
    const next = encodeURIComponent(`${route.publicOrigin}${req.url ?? '/'}`);
    const reason = lookup.ok ? undefined : lookup.reason;
    const ended = reason === 'idle' || reason === 'absolute' || reason === 'logout' || reason === 'revoked';
    if (ended) redirect(res, `${portal}/ended?reason=${reason}&next=${next}`);
    // Opened directly (no resource cookie at all): the portal explains before the sign-in steps. A
    // cookie that is not ours (forged, stale) is treated as no session: straight to sign-in.
    else if (reason === 'missing') redirect(res, `${portal}/opened-directly?next=${next}`);
    else redirect(res, `${portal}/?next=${next}`);
  }

  /** The gateway's own answer (not the upstream's): carries the request's ID, and is counted. */
  function ownAnswer(res: ServerResponse, route: ResourceRoute, requestId: string, send: () => void): void {
    res.setHeader('x-request-id', requestId);
    send();
    route.meter.status(res.statusCode);
  }

  function proxy(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    binding: ResourceBinding,
    requestId: string,
  ): void {
    const ip = clientIp(req, config.trustedProxies);
    const decision = access.decide(binding.session, route.id, ip);
    if (decision.effect !== 'allow') {
      metrics.policyDenial(decision.reason);
      ownAnswer(res, route, requestId, () => denied(req, res, route, binding, decision, ip));
      return;
    }
    if (isTooLarge(req, route)) {
      ownAnswer(res, route, requestId, () => tooLarge(res));
      return;
    }
    const upstream = buildUpstreamHeaders(req.rawHeaders, {
      clientIp: ip,
      proto,
      assertion: assertionFor(binding, clock.now()),
      upstreamHost: route.upstream.host,
      requestId,
    });
    if (upstream.spoofedAssertion) auditSampled('assertion.stripped', ip, route.host);
    const inject = route.sessionBar || injectInto.has(route.id);
    if (inject) askForIdentity(upstream.headers);
    forwardRequest(
      req,
      res,
      route,
      upstream,
      failUpstream,
      portalHost,
      requestId,
      inject ? injectingRelay(req.method === 'HEAD') : undefined,
    );
  }

  async function callback(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    url: URL,
  ): Promise<void> {
    const state = readCookie(findRawHeader(req.rawHeaders, 'cookie'), stateCookie);
    const handoff = await redeemHandoff(kv, url.searchParams.get('code') ?? '', route.host, state);
    const session = handoff ? await sessions.findLive(handoff.sid) : undefined;
    const ip = clientIp(req, config.trustedProxies);
    const decision = session ? access.decide(session, route.id, ip) : undefined;
    if (decision && decision.effect !== 'allow') metrics.policyDenial(decision.reason);
    if (!handoff || !session || decision?.effect !== 'allow') {
      if (state !== undefined) res.setHeader('set-cookie', clearState);
      redirect(res, `${portal}/webtop`);
      return;
    }
    const token = await sessions.bind(session, route.host);
    await audit.append({
      type: 'session.handoff',
      actor: session.subject.userId,
      target: route.id,
      ip,
      detail: { session: session.id },
    });
    // The portal's language cookie is host-only: the session bar and its pages here follow this copy.
    const lang = `${langCookieName(https)}=${handoff.lang ?? 'en'}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax${secure}`;
    res.writeHead(302, {
      location: isLocalPath(handoff.path) ? handoff.path : '/',
      'set-cookie': [`${cookieName}=${token}; Path=/; HttpOnly; SameSite=Lax${secure}`, clearState, lang],
      'cache-control': 'no-store',
    });
    res.end();
  }

  /**
   * Begins a hand-off trip: a random state goes into a short-lived cookie on this resource host and along
   * to the portal, which binds the code it issues to it; the callback redeems only a code whose state is
   * this browser's cookie. This is OAuth 2.0's `state` (RFC 6749 §10.12) as oauth2-proxy and Pomerium use
   * it: a code taken from one browser cannot sign in another (login CSRF). Every trip, from the webtop too,
   * starts here, because only this host can set the cookie the callback checks.
   */
  function start(res: ServerResponse, route: ResourceRoute, url: URL): void {
    const state = newHandoffState();
    const raw = url.searchParams.get('path') ?? '/';
    const path = isLocalPath(raw) ? raw : '/';
    res.writeHead(302, {
      location: `${portal}/go/${encodeURIComponent(route.id)}?path=${encodeURIComponent(path)}&state=${state}`,
      'set-cookie': `${stateCookie}=${state}; Path=/; Max-Age=${HANDOFF_STATE_TTL_S}; HttpOnly; SameSite=Lax${secure}`,
      'cache-control': 'no-store',
    });
    res.end();
  }

  /** Proxies for a live session, or answers for the gateway (the portal, a 401, the ended-form page). */
  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    route: ResourceRoute,
    lookup: BindingLookup,
    requestId: string,
    entry: AccessEntry | undefined,
  ): void {
    if (lookup.ok) {
      if (entry) entry.user = lookup.binding.session.subject.userId;
      proxy(req, res, route, lookup.binding, requestId);
    } else ownAnswer(res, route, requestId, () => refuse(req, res, route, lookup));
  }

  function handle(req: IncomingMessage, res: ServerResponse, route: ResourceRoute): void {
    const requestId = requestIdOf(req, config.trustedProxies);
    const path = originForm(req.url);
    if (path.startsWith('/.dwaar/')) {
      // The gateway's own endpoints (hand-off, session bar): not counted as the resource's requests.
      res.setHeader('x-request-id', requestId);
      const url = new URL(path, route.publicOrigin);
      if (url.pathname === START_PATH && (req.method === 'GET' || req.method === 'HEAD')) {
        start(res, route, url);
        return;
      }
      if (bar.handle(req, res, route, url)) return;
      if (url.pathname === CALLBACK_PATH) {
        callback(req, res, route, url).catch((err: unknown) => {
          logger.error({ err, reqId: requestId }, 'hand-off failed');
          if (!res.headersSent) redirect(res, `${portal}/`);
        });
        return;
      }
    }
    const lookup = sessions.resolveBinding(
      readCookie(findRawHeader(req.rawHeaders, 'cookie'), cookieName),
      route.host,
    );
    const entry = accessLog?.begin(req, res, route, requestId, path);
    if (lookup instanceof Promise) {
      lookup
        .then((l) => answer(req, res, route, l, requestId, entry))
        .catch((err: unknown) => {
          logger.error({ err, reqId: requestId }, 'session lookup failed');
          if (!res.headersSent)
            failUpstream(res, 'UPSTREAM_UNAVAILABLE', err as Error, { requestId, meter: route.meter });
        });
      return;
    }
    answer(req, res, route, lookup, requestId, entry);
  }

  /** WebSocket upgrades: see upgrade.ts (only WebSocket, spliced only after the upstream's 101). */
  const tunnels = createTunnelRegistry(sessions);
  const handleUpgrade = createUpgradeHandler({
    config,
    sessions,
    tunnels,
    logger,
    proto,
    cookieName,
    portalHost,
    assertionFor: (binding) => assertionFor(binding, clock.now()),
    allowed: (binding, route, ip) => {
      if (!route.websocket) return false;
      const decision = access.decide(binding.session, route.id, ip);
      if (decision.effect !== 'allow') metrics.policyDenial(decision.reason);
      return decision.effect === 'allow';
    },
  });

  return {
    handle,
    handleUpgrade,
    tunnels: () => tunnels.size(),
    goingAway: () => tunnels.goingAway(),
    close: () => tunnels.close(),
  };
}
