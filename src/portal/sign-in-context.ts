import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { statusOf } from '../errors.ts';
import { newFlow, type FlowCookies, type FlowState } from '../login/index.ts';
import type { SignInStep } from '../policy/index.ts';
import { normaliseText, sameOrigin, textProblem } from '../web/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import { renderFlowLost, type SignInPageContext } from './sign-in-pages.ts';

/** The step a route belongs to, and where a visitor goes who has not done the steps before it. */
export type PortalStep = 'trust' | 'disclaimer' | 'login';

/** The portal's steps before the password, in the only order the policy allows, with their paths. */
const STEP_PATHS = [
  ['inspection', '/inspect'],
  ['trust', '/trust'],
  ['disclaimer', '/disclaimer'],
  ['password', '/login'],
] as const satisfies readonly (readonly [SignInStep, string])[];

/**
 * The first earlier step the portal's access profile lists and the visitor has not done, as a path;
 * undefined when the visitor may be at `step`. The trust step is a choice, never a prerequisite.
 */
export function missingStep(
  flow: FlowState,
  step: PortalStep,
  steps: readonly SignInStep[],
): string | undefined {
  if (steps.includes('inspection') && !flow.i) return '/inspect';
  if (step === 'login' && steps.includes('disclaimer') && !flow.d) return '/disclaimer';
  return undefined;
}

/**
 * Where the sign-in goes after `after` (or from the start): the next step the profile lists. A device
 * already trusted skips the trust step.
 */
export function nextStepPath(
  steps: readonly SignInStep[],
  after: 'start' | 'inspection' | 'trust' | 'disclaimer',
  trusted = false,
): string {
  const from = after === 'start' ? 0 : STEP_PATHS.findIndex(([s]) => s === after) + 1;
  for (const [s, path] of STEP_PATHS.slice(from)) {
    if (s === 'trust' && trusted) continue;
    if (s === 'password' || steps.includes(s)) return path;
  }
  return '/login';
}

/** Helpers the portal's sign-in routes share. */
export function signInContext(deps: PortalDeps, cookies: FlowCookies) {
  return {
    cookies,
    /** The portal's sign-in steps, from the live access profile. */
    steps: () => deps.policy.current().profile('portal').steps,
    page: (request: FastifyRequest, flow: FlowState): SignInPageContext => ({
      request,
      csrf: cookies.csrf(flow),
      siPhone: deps.config.helpdeskPhone,
    }),
  };
}

export type SignInContext = ReturnType<typeof signInContext>;

/** Longest user ID kept for the next login form (as the login form's own limit). */
const USER_ID_MAX = 100;
const PostedUserId = z.object({ userId: z.string().max(USER_ID_MAX) });

/**
 * The user ID a login form posted, when it may be kept: posted from our own origin (a foreign site must not
 * choose what our form shows) and shaped like a user ID. It is no secret, so it may wait in the flow cookie.
 */
function keepableUserId(request: FastifyRequest, origin: string): string | undefined {
  if (request.routeOptions.url !== '/login' || !sameOrigin(request.headers.origin, origin)) return undefined;
  const posted = PostedUserId.safeParse(request.body ?? {});
  if (!posted.success) return undefined;
  const userId = normaliseText(posted.data.userId, 'userId');
  return userId && !textProblem(userId, 'userId', USER_ID_MAX) ? userId : undefined;
}

/**
 * A sign-in form posted after its flow ran out or its cookie was lost. Instead of silently restarting at the
 * device check, says so (440); a posted user ID is kept in a fresh flow, so the login form is filled in again
 * when the officer comes back round to it. Without one no cookie is written: a cross-site post (which
 * arrives without the flow cookie) must not be able to reset a sign-in in progress.
 */
export function flowLost(deps: PortalDeps, ctx: SignInContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const userId = keepableUserId(request, deps.config.publicUrl.origin);
    const flow: FlowState = { ...newFlow(deps.clock.now()), ...(userId ? { u: userId } : {}) };
    if (userId) ctx.cookies.write(reply, flow);
    return reply.page(renderFlowLost(ctx.page(request, flow), userId), statusOf('FLOW_EXPIRED'));
  };
}
