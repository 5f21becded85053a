import type { FastifyRequest } from 'fastify';
import type { FlowCookies, FlowState } from '../login/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { SignInPageContext } from './sign-in-pages.ts';

/** The step a route belongs to, and where a visitor goes who has not done the steps before it. */
export type PortalStep = 'trust' | 'disclaimer' | 'login';

/** The first earlier step not yet done, as a path; undefined when the visitor may be at `step`. */
export function missingStep(flow: FlowState, step: PortalStep): string | undefined {
  if (!flow.i) return '/inspect';
  if (step === 'login' && !flow.d) return '/disclaimer';
  return undefined;
}

/** Helpers the portal's sign-in routes share. */
export function signInContext(deps: PortalDeps, cookies: FlowCookies) {
  return {
    cookies,
    page: (request: FastifyRequest, flow: FlowState): SignInPageContext => ({
      request,
      csrf: cookies.csrf(flow),
      siPhone: deps.config.helpdeskPhone,
    }),
  };
}

export type SignInContext = ReturnType<typeof signInContext>;
