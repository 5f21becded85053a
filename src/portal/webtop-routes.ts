import { z } from 'zod';
import { findAccountById } from '../accounts/index.ts';
import { findOfficerPlacement } from '../directory/index.ts';
import { AppError } from '../errors.ts';
import { handoffStartUrl, isHandoffState, isLocalPath, issueHandoff, parseNext } from '../gateway/index.ts';
import { recoveryCodesLeft } from '../login/index.ts';
import { grantsFor } from './grants.ts';
import { sessionTimes } from '../session/index.ts';
import { COOKIE, cookieOptions, html, messagePage, routesPlugin } from '../web/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';
import { findPreviousSessionStart } from './repository.ts';
import { SESSION_ACKNOWLEDGE_PATH } from './session-acknowledge-routes.ts';
import { renderWebtop } from './webtop-page.ts';

const EndedQuery = z.object({
  reason: z.enum(['logout', 'idle', 'absolute', 'revoked']).catch('logout'),
  next: z.string().optional(),
});

const NextQuery = z.object({ next: z.string().optional() });

const ENDED_MESSAGE = {
  logout: 'endedLogout',
  idle: 'endedIdle',
  absolute: 'endedAbsolute',
  revoked: 'endedRevoked',
} as const satisfies Record<string, MessageKey>;

/** `?denied=ID`: the gateway sent the officer back from a resource the policy refused. */
const DeniedQuery = z.object({
  denied: z.string().max(64).optional(),
  removed: z.string().max(64).optional(),
});

const acknowledgeLocation = (resource: string) =>
  `${SESSION_ACKNOWLEDGE_PATH}?resource=${encodeURIComponent(resource)}`;

/** The signed-in officer's pages: webtop, opening a resource, extending and ending the session. */
export function webtopRoutes(deps: PortalDeps, portal: PortalSessions) {
  const { store, clock, config } = deps;

  return routesPlugin((app) => {
    app.get('/webtop', async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      const session = lookup.session;
      const account = await findAccountById(store.db, session.subject.accountId);
      if (!account) return reply.redirect('/', 303);
      const grants = grantsFor(deps, session, request);
      const { denied, removed } = DeniedQuery.catch({}).parse(request.query);
      // Refused for a document's new version: straight to reading it, then on to the application.
      const refusal = grants.find((g) => g.resource.id === denied && g.decision.effect === 'deny');
      if (refusal?.decision.reason === 'ACKNOWLEDGEMENT_REQUIRED')
        return reply.redirect(acknowledgeLocation(refusal.resource.id), 303);
      const placement =
        account.officer_id === null ? undefined : await findOfficerPlacement(store.db, account.officer_id);
      const hi = request.lang === 'hi';
      const previousLogin = await findPreviousSessionStart(store.db, account.id, session.id);
      const recovery = await recoveryCodesLeft(store.db, account.id);
      // Shown when a recovery code opened this session: used after the previous sign-in, before this one.
      const recoveryUsed =
        recovery.lastUsedAt !== undefined &&
        recovery.lastUsedAt <= session.createdAt &&
        recovery.lastUsedAt > (previousLogin ?? 0);
      const officerLine = placement
        ? hi
          ? `${placement.rankHi}, ${placement.wingHi} विंग, ${placement.districtHi} (${placement.zoneHi} जोन)`
          : `${placement.rankEn}, ${placement.wingEn} wing, ${placement.districtEn} (${placement.zoneEn} zone)`
        : undefined;
      return reply.page(
        renderWebtop(request, {
          session,
          officerLine,
          displayName: (hi ? placement?.nameHi : placement?.nameEn) ?? session.subject.displayName,
          previousLogin,
          recoveryLeft: recoveryUsed ? recovery.remaining : undefined,
          helpdeskPhone: config.helpdeskPhone,
          accessEndsAt: account.access_ends_at,
          grants,
          deniedNow: refusal,
          removedNow: removed === undefined ? undefined : deps.resources.retiredById(removed),
          csrf: portal.csrf(session),
        }),
      );
    });

    app.get<{ Params: { id: string } }>('/go/:id', async (request, reply) => {
      const lookup = await portal.lookup(request);
      if (!lookup.ok) return reply.redirect(portal.goneLocation(lookup), 303);
      const session = lookup.session;
      const route = deps.resources.byId(request.params.id);
      if (!route) return reply.redirect('/webtop', 303);
      const decision = deps.access.decide(session, route.id, request.ip);
      if (decision.reason === 'ACKNOWLEDGEMENT_REQUIRED')
        return reply.redirect(acknowledgeLocation(route.id), 303);
      if (decision.effect !== 'allow')
        return reply.redirect(`/webtop?denied=${encodeURIComponent(route.id)}`, 303);
      // Without a trip state the browser first visits the resource host, which sets the state cookie
      // there and comes back here with the state; the code is then bound to it (see gateway start()).
      const { state, path } = request.query as { state?: unknown; path?: unknown };
      const target = typeof path === 'string' && isLocalPath(path) ? path : '/';
      if (!isHandoffState(state)) return reply.redirect(handoffStartUrl(route, target), 303);
      return reply.redirect(await issueHandoff(deps.kv, session.id, route, target, state, request.lang), 303);
    });

    app.post('/logout', async (request, reply) => {
      const session = await portal.current(request);
      if (session) {
        if (!portal.validPost(request, session)) return reply.redirect('/webtop', 303);
        await deps.sessions.end(session.id, 'logout', session.subject.userId);
      }
      reply.clearCookie(COOKIE.session, cookieOptions(portal.secure));
      return reply.redirect('/ended?reason=logout', 303);
    });

    // The webtop's own check (issue 8 item 9): peeks, so asking does not keep an idle session alive.
    app.get('/session/status', async (request, reply) => {
      const found = await deps.sessions.authenticate(request.cookies[COOKIE.session], true);
      reply.header('cache-control', 'no-store');
      if (found.ok)
        return reply.send({ live: true, now: clock.now(), ...sessionTimes(found.session, clock.now()) });
      const reason = found.reason === 'missing' || found.reason === 'invalid' ? null : found.reason;
      return reply.code(401).send({ live: false, reason });
    });

    // A back office opened directly, without a Dwaar session (issue 8 item 7): say so, keep `next`.
    app.get('/opened-directly', async (request, reply) => {
      const t = request.t;
      const { next } = NextQuery.catch({}).parse(request.query);
      const target = next !== undefined && parseNext(next, deps.resources) ? next : undefined;
      const href = target === undefined ? '/' : `/?next=${encodeURIComponent(target)}`;
      return reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: t('proxy.directTitle'),
          path: request.url,
          heading: t('proxy.directTitle'),
          body: [t('proxy.directBody')],
          actions: html`<p class="actions">
            <a class="button" href="${href}">${t('proxy.directButton')}</a>
          </p>`,
        }),
      );
    });

    app.post('/session/extend', async (request, reply) => {
      const session = await portal.current(request);
      if (!session) throw new AppError('SESSION_REQUIRED');
      if (!portal.validPost(request, session)) throw new AppError('CSRF_FAILED');
      return reply.code(204).send();
    });

    app.get('/ended', async (request, reply) => {
      const q = EndedQuery.parse(request.query);
      const t = request.t;
      // Only reports. A session ends by POST /logout, its limits or revocation: a GET that cleared the
      // cookie would leave the session live server-side without a way to log it out (issue 7, item 13).
      const next = parseNext(q.next, deps.resources);
      const again = next?.kind === 'resource' && q.next ? `/?next=${encodeURIComponent(q.next)}` : '/';
      const vars = {
        idle: Math.round(config.session.idleTimeoutS / 60),
        hours: Math.round(config.session.absoluteTimeoutS / 3600),
      };
      return reply.page(
        messagePage({
          lang: request.lang,
          t,
          title: t('endedTitle'),
          path: request.url,
          heading: t('endedTitle'),
          body: [t(ENDED_MESSAGE[q.reason], vars), ...(q.reason === 'logout' ? [] : [t('endedWork')])],
          // issue 11: help from the ended page too.
          actions: html`<p class="actions"><a class="button" href="${again}">${t('signInAgain')}</a></p>
            <p class="help-link"><a href="/help?from=ended">${t('selfHelp.helpLink')}</a></p>`,
        }),
      );
    });
  });
}
