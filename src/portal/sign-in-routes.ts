import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { findCurrentDocument, findDocument } from '../documents/index.ts';
import { AppError, statusOf } from '../errors.ts';
import {
  createFlowCookies,
  deviceCookieHook,
  forwardingCheck,
  flowOf,
  redeemUnlockLink,
  requireFlow,
} from '../login/index.ts';
import { InspectionReportSchema, inspectDevice } from '../policy/index.ts';
import { COOKIE, cookieOptions } from '../web/index.ts';
import { isTrustedDevice, trustDevice } from './device-trust.ts';
import { offerInspectorPairing } from './inspector-routes.ts';
import { passkeyRequiredGuard, passkeySignInRoutes } from './passkey-signin.ts';
import { registerAcknowledgeStep } from './acknowledge-routes.ts';
import { sessionStarter } from './start-session.ts';
import { passwordRoutes } from './password-routes.ts';
import { flowLost, missingStep, nextStepPath, signInContext } from './sign-in-context.ts';
import type { PortalDeps } from './portal-deps.ts';
import {
  renderDeclined,
  renderDisclaimer,
  renderInspectResult,
  renderInspectRunning,
  renderTrust,
  renderUnlock,
  renderUnlocked,
} from './sign-in-pages.ts';

// `token`, so the request log masks it (app.ts redacts `token` and `code` in URLs).
const UnlockForm = z.object({ token: z.string().max(200).default('') });

/** The trust step's answer: one of the two choices, never a default. */
const TrustForm = z.object({ trust: z.enum(['yes', 'no']) });

const DisclaimerForm = z.object({
  decision: z.enum(['agree', 'decline']),
  version: z.coerce.number().int().positive(),
});

/**
 * The officers' sign-in steps: device check → trust → disclaimer → login (→ second factor). They form one
 * scope whose hook requires the flow cookie and its CSRF token on every post, so each route only checks
 * that the steps before it are done.
 */
export function signInRoutes(deps: PortalDeps) {
  const { config, clock, audit, store } = deps;
  const cookies = createFlowCookies(deps);
  const ctx = signInContext(deps, cookies);

  return async (app: FastifyInstance) => {
    app.decorateRequest('flow', undefined);
    app.addHook(
      'preHandler',
      requireFlow(cookies, { path: '/inspect', label: 'startAgain' }, flowLost(deps, ctx)),
    );
    // A role whose access profile requires a passkey is offered only that at /login/otp (issue 9).
    app.addHook('preHandler', passkeyRequiredGuard(deps, ctx));
    // A browser that completes a sign-in here becomes a known device for its account (OWASP).
    app.addHook('onRequest', forwardingCheck(deps));
    app.addHook('onSend', deviceCookieHook(deps.keyring, cookies.secure, '/login'));
    const starts = { config: { startsFlow: true } };

    app.get('/inspect', starts, async (request, reply) => {
      const flow = cookies.readOrStart(request, reply);
      // A profile without the device check starts at its first listed step.
      if (!ctx.steps().includes('inspection')) return reply.redirect(nextStepPath(ctx.steps(), 'start'), 303);
      return reply.page(renderInspectRunning(ctx.page(request, flow)));
    });

    app.post('/inspect', starts, async (request, reply) => {
      const read = cookies.read(request);
      // Without the flow cookie the browser is not keeping cookies: say so as a failed check, not an error.
      // One that came back too old was kept all the same: the check restarts the flow and judges cookies kept.
      const flow = read.kind === 'ok' ? read.flow : cookies.readOrStart(request, reply);
      if (read.kind === 'ok' && !cookies.validPost(request, flow))
        throw new AppError('CSRF_FAILED', { back: { href: '/inspect', label: 'startAgain' } });
      const report = InspectionReportSchema.safeParse(request.body ?? {});
      const checks = inspectDevice(
        report.success ? report.data : InspectionReportSchema.parse({}),
        read.kind !== 'missing',
      );
      const passed = checks.every((c) => c.ok);
      await audit.append({
        type: passed ? 'inspection.passed' : 'inspection.failed',
        actor: 'anonymous',
        ip: request.ip,
        detail: Object.fromEntries(checks.map((c) => [c.id, `${c.ok ? 'ok' : 'fail'}:${c.found}`])),
      });
      if (passed) cookies.write(reply, { ...flow, i: clock.now() });
      const trusted = await isTrustedDevice(deps, request.cookies[COOKIE.device]);
      return reply.page(
        renderInspectResult(ctx.page(request, flow), checks, {
          trusted,
          next: nextStepPath(ctx.steps(), 'inspection', trusted),
        }),
        passed ? 200 : statusOf('UNPROCESSABLE'),
      );
    });

    app.get('/trust', async (request, reply) => {
      const flow = flowOf(request);
      const missing = missingStep(flow, 'trust', ctx.steps());
      if (missing) return reply.redirect(missing, 303);
      if (!ctx.steps().includes('trust')) return reply.redirect(nextStepPath(ctx.steps(), 'trust'), 303);
      return reply.page(renderTrust(ctx.page(request, flow), config.publicUrl.host));
    });

    app.post('/trust', async (request, reply) => {
      const flow = flowOf(request);
      const missing = missingStep(flow, 'trust', ctx.steps());
      if (missing) return reply.redirect(missing, 303);
      if (!ctx.steps().includes('trust')) return reply.redirect(nextStepPath(ctx.steps(), 'trust'), 303);
      const form = TrustForm.safeParse(request.body ?? {});
      if (!form.success) {
        const error = request.t('signin.errTrustChoice');
        const page = renderTrust(ctx.page(request, flow), config.publicUrl.host, error);
        return reply.page(page, statusOf('VALIDATION_FAILED'));
      }
      if (form.data.trust === 'yes') {
        const cookie = await trustDevice(deps, request.headers['user-agent'] ?? null, request.ip);
        reply.setCookie(COOKIE.device, cookie, cookieOptions(cookies.secure, 400 * 24 * 3600));
        // Asked to pair the inspector too: the device's one-time pairing code, on its own page.
        if (await offerInspectorPairing(deps, request.body, cookie))
          return reply.redirect('/inspector/pair', 303);
      } else {
        // "Not this time" forgets any trust this browser still carries, so the next sign-in asks again.
        reply.clearCookie(COOKIE.device, cookieOptions(cookies.secure));
      }
      return reply.redirect(nextStepPath(ctx.steps(), 'trust'), 303);
    });

    app.get('/disclaimer', async (request, reply) => {
      const flow = flowOf(request);
      const missing = missingStep(flow, 'disclaimer', ctx.steps());
      if (missing) return reply.redirect(missing, 303);
      if (!ctx.steps().includes('disclaimer')) return reply.redirect('/login', 303);
      const doc = await findCurrentDocument(store.db, 'disclaimer', clock.now());
      if (!doc) throw new AppError('SERVICE_UNAVAILABLE', { cause: new Error('no disclaimer is published') });
      return reply.page(renderDisclaimer(ctx.page(request, flow), doc));
    });

    app.post('/disclaimer', async (request, reply) => {
      const flow = flowOf(request);
      const missing = missingStep(flow, 'disclaimer', ctx.steps());
      if (missing) return reply.redirect(missing, 303);
      if (!ctx.steps().includes('disclaimer')) return reply.redirect('/login', 303);
      const form = DisclaimerForm.safeParse(request.body);
      const doc = form.success ? await findDocument(store.db, 'disclaimer', form.data.version) : undefined;
      if (!form.success || !doc) return reply.redirect('/disclaimer', 303);
      if (form.data.decision === 'decline') {
        await audit.append({
          type: 'disclaimer.declined',
          actor: 'anonymous',
          ip: request.ip,
          detail: { version: doc.version },
        });
        cookies.clear(reply);
        return reply.page(renderDeclined(request));
      }
      cookies.write(reply, { ...flow, d: doc.version });
      return reply.redirect('/login', 303);
    });

    // The unlock link mailed when sign-ins from unknown devices were paused. It needs no flow: it may be
    // opened in another browser. The post carries a CSRF token of the flow the page started.
    app.get('/login/unlock', starts, async (request, reply) => {
      const flow = cookies.readOrStart(request, reply);
      const { token } = UnlockForm.catch({ token: '' }).parse(request.query ?? {});
      return reply.page(renderUnlock(request, cookies.csrf(flow), token));
    });

    app.post('/login/unlock', starts, async (request, reply) => {
      const read = cookies.read(request);
      if (read.kind !== 'ok' || !cookies.validPost(request, read.flow))
        throw new AppError('CSRF_FAILED', { back: { href: '/inspect', label: 'startAgain' } });
      const { token } = UnlockForm.catch({ token: '' }).parse(request.body ?? {});
      if (!(await redeemUnlockLink({ ...deps, db: store.db }, token, request.ip)))
        throw new AppError('UNLOCK_LINK_INVALID', { back: { href: '/inspect', label: 'startAgain' } });
      return reply.page(renderUnlocked(request));
    });

    await app.register(passwordRoutes(deps, ctx));
    await app.register(passkeySignInRoutes(deps, ctx));
    registerAcknowledgeStep(app, deps, ctx, sessionStarter(deps, ctx));
  };
}
