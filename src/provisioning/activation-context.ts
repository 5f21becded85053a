import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AccountStatus } from '../accounts/table.ts';
import type { ActivationDeps } from './routes.ts';
import type { MessageKey } from '../i18n/index.ts';
import {
  checkCsrf,
  cookieOptions,
  csrfToken,
  html,
  messagePage,
  type SafeHtml,
  sameOrigin,
} from '../web/index.ts';
import type { TokenPurpose } from '../accounts/index.ts';
import {
  ELIGIBLE_STATUSES,
  findActivationAccount,
  type ActivationAccount,
  type LinkRefusal,
} from './activation-service.ts';
import {
  ACTIVATION_COOKIE,
  ACTIVATION_TTL_MS,
  nextActivationStep,
  readActivation,
  type ActivationState,
} from './activation-state.ts';

export interface ActivationStep {
  readonly key: string;
  readonly state: ActivationState;
  readonly account: ActivationAccount;
}

const CsrfField = z.object({ _csrf: z.string().max(200) });

export type ActivationContext = ReturnType<typeof createActivationContext>;

/** What every activation and reset route shares: the cookie, CSRF, step order and the refusal pages. */
export function createActivationContext(deps: ActivationDeps) {
  const { config } = deps;
  const secure = config.publicUrl.protocol === 'https:';
  const phone = config.helpdeskPhone;

  const send = (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { heading: string; body: readonly string[]; status: number; actions?: SafeHtml },
  ) =>
    reply.page(
      messagePage({
        lang: request.lang,
        t: request.t,
        title: o.heading,
        // Never the query: a page about a link must not carry its token into the language switch.
        path: request.url.split('?')[0] ?? '/',
        heading: o.heading,
        body: o.body,
        actions: o.actions,
      }),
      o.status,
    );

  const signInAction = (request: FastifyRequest) =>
    html`<p class="actions"><a class="button" href="/">${request.t('provisioning.goToSignIn')}</a></p>`;

  /** The page for a link that cannot be used, saying which problem it has and what to do. */
  const sendLinkProblem = (
    request: FastifyRequest,
    reply: FastifyReply,
    reason: LinkRefusal,
    status?: AccountStatus,
  ) => {
    const t = request.t;
    const resend = t('provisioning.linkAskResend', { phone });
    const hours = config.provisioning.activationTtlHours;
    switch (reason) {
      case 'unknown':
        return send(request, reply, {
          heading: t('provisioning.linkUnknownTitle'),
          body: [t('provisioning.linkUnknownBody'), resend],
          status: 404,
        });
      case 'used':
        return send(request, reply, {
          heading: t('provisioning.linkUsedTitle'),
          body: [t('provisioning.linkUsedBody'), resend],
          status: 410,
        });
      case 'expired':
        return send(request, reply, {
          heading: t('provisioning.linkExpiredTitle', { hours }),
          body: [t('provisioning.linkExpiredBody'), resend],
          status: 410,
        });
      case 'superseded':
        return send(request, reply, {
          heading: t('provisioning.linkSupersededTitle'),
          body: [t('provisioning.linkSupersededBody'), resend],
          status: 410,
        });
      case 'wrong_status':
        if (status === 'active')
          return send(request, reply, {
            heading: t('provisioning.alreadyActiveTitle'),
            body: [t('provisioning.alreadyActiveBody')],
            status: 409,
            actions: signInAction(request),
          });
        return send(request, reply, {
          heading: t('provisioning.wrongStatusTitle'),
          body: [
            t('provisioning.wrongStatusBody', {
              status: status ? t(`status_${status}` satisfies MessageKey) : '—',
            }),
          ],
          status: 409,
        });
    }
  };

  const sendStateExpired = (request: FastifyRequest, reply: FastifyReply) => {
    reply.clearCookie(ACTIVATION_COOKIE, cookieOptions(secure));
    const t = request.t;
    return send(request, reply, {
      heading: t('provisioning.stateExpiredTitle'),
      body: [t('provisioning.stateExpiredBody'), t('provisioning.linkAskResend', { phone })],
      status: 440,
    });
  };

  /**
   * Loads the activation for a step of `purpose` at `path`. Answers for the route (and returns undefined)
   * when there is none, when it is for the other purpose, when the account may no longer use it, or when an
   * earlier step is not done (redirecting to it).
   */
  const requireStep = async (
    request: FastifyRequest,
    reply: FastifyReply,
    purpose: TokenPurpose,
    path: string,
  ): Promise<ActivationStep | undefined> => {
    const read = await readActivation(deps, request.cookies[ACTIVATION_COOKIE]);
    if (read.kind !== 'ok' || read.state.purpose !== purpose) {
      await sendStateExpired(request, reply);
      return undefined;
    }
    const account = await findActivationAccount(deps.store.db, read.state.accountId);
    if (!account || !ELIGIBLE_STATUSES[purpose].includes(account.status)) {
      reply.clearCookie(ACTIVATION_COOKIE, cookieOptions(secure));
      await sendLinkProblem(request, reply, 'wrong_status', account?.status);
      return undefined;
    }
    const next = nextActivationStep(read.state);
    if (next !== path) {
      await reply.redirect(next, 303);
      return undefined;
    }
    return { key: read.key, state: read.state, account };
  };

  return {
    secure,
    phone,
    send,
    signInAction,
    sendLinkProblem,
    requireStep,
    setCookie: (reply: FastifyReply, value: string) =>
      reply.setCookie(ACTIVATION_COOKIE, value, cookieOptions(secure, ACTIVATION_TTL_MS / 1000)),
    clearCookie: (reply: FastifyReply) => reply.clearCookie(ACTIVATION_COOKIE, cookieOptions(secure)),
    csrf: (key: string) => csrfToken(deps.keyring, `act:${key}`),
    /** A form post from our own page, with this activation's CSRF token. */
    validPost: (request: FastifyRequest, key: string): boolean => {
      const body = CsrfField.safeParse(request.body);
      return (
        sameOrigin(request.headers.origin, config.publicUrl.origin) &&
        body.success &&
        checkCsrf(deps.keyring, body.data._csrf, `act:${key}`)
      );
    },
    sendCsrfProblem: (request: FastifyRequest, reply: FastifyReply) =>
      send(request, reply, {
        heading: request.t('errorSummary'),
        body: [request.t('errCsrf')],
        status: 403,
      }),
  };
}
