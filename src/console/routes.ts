import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../deps.ts';
import { listDirectory } from '../directory/repository.ts';
import { formatDateTime } from '../i18n/i18n.ts';
import { attemptLogin } from '../login/login-service.ts';
import { subjectOf } from '../login/subject.ts';
import { createPortalContext } from '../portal/portal-context.ts';
import { COOKIE, cookieOptions } from '../web/cookies.ts';
import { renderConsoleLogin, renderDirectory } from './console-pages.ts';
import { scopeOf } from './permissions.ts';
import { createStaffGuard } from './staff.ts';

const LoginForm = z.object({
  userId: z.string().max(100).default(''),
  password: z.string().max(1000).default(''),
});
const DirectoryQuery = z.object({ zone: z.string().max(50).optional() });

/** The administrators' console. Every route checks role and scope on the server. */
export function registerConsoleRoutes(app: FastifyInstance, deps: Deps): void {
  const portal = createPortalContext(deps);
  const { store, clock, audit, config } = deps;

  const guard = createStaffGuard(deps);

  app.get('/console/login', async (request, reply) => {
    const flow = portal.flowOrNew(request, reply);
    return reply.page(renderConsoleLogin(request, portal.csrf(flow.n)));
  });

  app.post('/console/login', async (request, reply) => {
    const read = portal.readFlow(request);
    if (read.kind !== 'ok' || !portal.validPost(request, read.flow.n))
      return reply.redirect('/console/login', 303);
    const form = LoginForm.parse(request.body ?? {});
    const t = request.t;
    const csrf = portal.csrf(read.flow.n);
    const result = await attemptLogin(
      { db: store.db, kv: deps.kv, clock, audit, passwords: deps.passwords, lockout: config.lockout },
      { userId: form.userId, password: form.password, ip: request.ip },
    );
    if (result.kind !== 'ok') {
      const message =
        result.kind === 'locked'
          ? t('errLocked', { until: formatDateTime(request.lang, result.until) })
          : result.kind === 'failed'
            ? `${t('errLoginFailed')} ${t('attemptsLeft', { n: result.attemptsLeft })}`
            : result.kind === 'rate_limited'
              ? t('errRateLimited')
              : t('errNotActive');
      return reply.page(
        renderConsoleLogin(request, csrf, message, form.userId),
        result.kind === 'locked' ? 423 : 401,
      );
    }
    if (!scopeOf(result.account.role, 'console.use')) {
      await audit.append({
        type: 'console.access_denied',
        actor: result.account.user_id,
        ip: request.ip,
        detail: { permission: 'console.use' },
      });
      return reply.page(renderConsoleLogin(request, csrf, t('consoleNotAllowed'), form.userId), 403);
    }
    const { session, token } = await deps.sessions.create({
      subject: subjectOf(result.account, undefined),
      grantedHosts: new Set(),
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      deviceId: null,
      disclaimerVersion: 0,
      mfa: false,
    });
    await audit.append({
      type: 'console.login_succeeded',
      actor: result.account.user_id,
      target: session.id,
      ip: request.ip,
      detail: { role: result.account.role },
    });
    portal.clearFlow(reply);
    reply.setCookie(COOKIE.session, token, cookieOptions(portal.secure));
    return reply.redirect('/console', 303);
  });

  app.get('/console', async (request, reply) => {
    const staff = await guard.require(request, reply, 'directory.read');
    if (!staff) return reply;
    const scope = staff.scope;
    const { zone } = DirectoryQuery.parse(request.query);
    const zones = await store.db
      .selectFrom('zones')
      .select(['id', 'name_en as nameEn', 'name_hi as nameHi'])
      .orderBy('name_en')
      .execute();
    // A zonal head's zone comes from the account, never from the query string.
    const selectedZone = scope === 'all' ? zone || undefined : (staff.zoneId ?? '__none__');
    let rows = await listDirectory(store.db, selectedZone);
    if (scope === 'district') rows = rows.filter((r) => r.districtId === staff.districtId);
    return reply.page(
      renderDirectory(request, {
        staff,
        rows,
        zones,
        selectedZone,
        canPickZone: scope === 'all',
      }),
    );
  });
}
