import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import { AppError } from '../errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import { COOKIE, cookieOptions, csrfToken, isValidFormPost, SAFE_METHODS } from '../web/index.ts';
import { decodeFlow, encodeFlow, newFlow, type FlowRead, type FlowState } from './flow.ts';

export interface FlowCookieDeps {
  readonly keyring: Keyring;
  readonly clock: Clock;
  readonly config: Pick<Config, 'publicUrl' | 'session'>;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The sign-in flow, set by `requireFlow` on the routes of a sign-in scope. */
    flow: FlowState | undefined;
  }
}

/** Reading and writing the signed flow cookie, and minting CSRF tokens bound to its nonce. */
export function createFlowCookies(deps: FlowCookieDeps) {
  const { keyring, clock, config } = deps;
  const secure = config.publicUrl.protocol === 'https:';

  const read = (request: FastifyRequest): FlowRead =>
    decodeFlow(keyring, request.cookies[COOKIE.flow], clock.now(), config.session.flowTimeoutS);

  const write = (reply: FastifyReply, flow: FlowState): void => {
    reply.setCookie(
      COOKIE.flow,
      encodeFlow(keyring, flow),
      cookieOptions(secure, config.session.flowTimeoutS),
    );
  };

  /** The flow in progress, or a fresh one (keeping `next`) when there is none. */
  const readOrStart = (request: FastifyRequest, reply: FastifyReply, next?: string): FlowState => {
    const current = read(request);
    if (current.kind === 'ok') return current.flow;
    const flow = newFlow(clock.now(), next);
    write(reply, flow);
    return flow;
  };

  const clear = (reply: FastifyReply): void => {
    reply.clearCookie(COOKIE.flow, cookieOptions(secure));
  };

  return {
    secure,
    read,
    write,
    readOrStart,
    clear,
    csrf: (flow: FlowState) => csrfToken(keyring, flow.n),
    /** True when an unsafe request carries this flow's CSRF token and comes from our own origin. */
    validPost: (request: FastifyRequest, flow: FlowState) =>
      isValidFormPost(request, { keyring, origin: config.publicUrl.origin }, flow.n),
  };
}

export type FlowCookies = ReturnType<typeof createFlowCookies>;

/**
 * Answers a form posted after its flow ran out or its cookie was lost (the browser dropped it, or it was
 * cleared), in place of the silent restart a visitor would not understand.
 */
export type FlowLostHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
  why: 'missing' | 'expired',
) => Promise<FastifyReply>;

/**
 * The hook of a sign-in scope: every route in it has a flow (`request.flow`), and every unsafe method
 * carries the flow's CSRF token. A visitor without a flow is sent to `start`; one whose flow ran out is
 * told so (440) with a way to start again. With `lost`, a form posted without a live flow is answered by
 * it instead. A route opts out (it starts flows itself) with `config: { startsFlow: true }`.
 */
export function requireFlow(
  cookies: FlowCookies,
  start: { path: string; label: MessageKey },
  lost?: FlowLostHandler,
): preHandlerAsyncHookHandler {
  return async (request, reply) => {
    if (request.routeOptions.config.startsFlow) return;
    const current = cookies.read(request);
    if (lost && current.kind !== 'ok' && !SAFE_METHODS.has(request.method))
      return lost(request, reply, current.kind);
    if (current.kind === 'missing') return reply.redirect(start.path, 303);
    if (current.kind === 'expired') {
      cookies.clear(reply);
      throw new AppError('FLOW_EXPIRED', { back: { href: start.path, label: start.label } });
    }
    if (!SAFE_METHODS.has(request.method) && !cookies.validPost(request, current.flow))
      throw new AppError('CSRF_FAILED', { back: { href: start.path, label: start.label } });
    request.flow = current.flow;
    return undefined;
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route reads or starts the sign-in flow itself; `requireFlow` leaves it alone. */
    startsFlow?: boolean;
  }
}

/** The flow `requireFlow` set; a route outside a sign-in scope has none and fails closed. */
export function flowOf(request: FastifyRequest): FlowState {
  if (!request.flow) throw new AppError('FLOW_EXPIRED');
  return request.flow;
}
