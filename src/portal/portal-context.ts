import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../deps.ts';
import type { LiveSession } from '../session/live-session.ts';
import type { SessionLookup } from '../session/session-store.ts';
import { COOKIE, cookieOptions } from '../web/cookies.ts';
import { checkCsrf, csrfToken, sameOrigin } from '../web/csrf.ts';
import { decodeFlow, encodeFlow, newFlow, type FlowRead, type FlowState } from './flow.ts';

/** Helpers every portal route shares; built once per app. */
export function createPortalContext(deps: Deps) {
  const { keyring, clock, config, sessions } = deps;
  const secure = config.publicUrl.protocol === 'https:';
  const origin = config.publicUrl.origin;

  const readFlow = (request: FastifyRequest): FlowRead =>
    decodeFlow(keyring, request.cookies[COOKIE.flow], clock.now(), config.session.flowTimeoutS);

  const writeFlow = (reply: FastifyReply, flow: FlowState): void => {
    reply.setCookie(
      COOKIE.flow,
      encodeFlow(keyring, flow),
      cookieOptions(secure, config.session.flowTimeoutS),
    );
  };

  /** The flow in progress, or a fresh one (keeping `next`) when there is none. */
  const flowOrNew = (request: FastifyRequest, reply: FastifyReply, next?: string): FlowState => {
    const read = readFlow(request);
    if (read.kind === 'ok') return read.flow;
    const flow = newFlow(clock.now(), next);
    writeFlow(reply, flow);
    return flow;
  };

  const clearFlow = (reply: FastifyReply): void => {
    reply.clearCookie(COOKIE.flow, cookieOptions(secure));
  };

  const lookupSession = (request: FastifyRequest): Promise<SessionLookup> =>
    sessions.authenticate(request.cookies[COOKIE.session]);

  const currentSession = async (request: FastifyRequest): Promise<LiveSession | undefined> => {
    const lookup = await lookupSession(request);
    return lookup.ok ? lookup.session : undefined;
  };

  /** Where to send a visitor whose session is gone: say why when it ended, else start over. */
  const sessionGoneLocation = (lookup: SessionLookup): string =>
    !lookup.ok && lookup.reason !== 'missing' && lookup.reason !== 'invalid'
      ? `/ended?reason=${lookup.reason}`
      : '/';

  /** Checks a form post's CSRF token and Origin against the visitor's binding. */
  const validPost = (request: FastifyRequest, binding: string): boolean => {
    const body = request.body as Record<string, unknown> | undefined;
    const token = body?._csrf ?? request.headers['x-dwaar-csrf'];
    return sameOrigin(request.headers.origin, origin) && checkCsrf(keyring, token, binding);
  };

  return {
    secure,
    origin,
    readFlow,
    writeFlow,
    flowOrNew,
    clearFlow,
    currentSession,
    lookupSession,
    sessionGoneLocation,
    validPost,
    csrf: (binding: string) => csrfToken(keyring, binding),
  };
}

export type PortalContext = ReturnType<typeof createPortalContext>;
