import { createFlowCookies, registerSessionLimit, requireFlow } from '../login/index.ts';
import { routesPlugin } from '../web/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import { missingStep, signInContext } from './sign-in-context.ts';
import { sessionStarter } from './start-session.ts';

/**
 * The page an officer at the session limit sees after the last sign-in step (login/session-limit.ts). Its
 * own scope with the sign-in steps' flow hook: the flow cookie on every route, its CSRF token on every post.
 */
export function sessionLimitRoutes(deps: PortalDeps) {
  const cookies = createFlowCookies(deps);
  const startSession = sessionStarter(deps, signInContext(deps, cookies));

  return routesPlugin((app) => {
    app.decorateRequest('flow', undefined);
    app.addHook('preHandler', requireFlow(cookies, { path: '/inspect', label: 'startAgain' }));
    registerSessionLimit(app, deps, {
      cookies,
      channel: 'portal',
      restart: '/login',
      cancelled: '/',
      open: async (request, reply, flow, account, secondFactor) => {
        const missing = missingStep(flow, 'login', deps.policy.current().profile('portal').steps);
        if (missing) return reply.redirect(missing, 303);
        return startSession(request, reply, flow, account, secondFactor);
      },
    });
  });
}
