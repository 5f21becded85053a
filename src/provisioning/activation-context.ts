import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TokenPurpose } from '../accounts/index.ts';
import { AppError, statusOf } from '../errors.ts';
import type { MessageKey } from '../i18n/index.ts';
import {
  checkCsrf,
  cookieOptions,
  csrfToken,
  html,
  messagePage,
  renderRefusal,
  sameOrigin,
} from '../web/index.ts';
import { ELIGIBLE_STATUSES, wrongStatus, type LinkProblem } from './activation-service.ts';
import {
  ACTIVATION_COOKIE,
  ACTIVATION_TTL_MS,
  nextActivationStep,
  readActivation,
  type ActivationState,
} from './activation-state.ts';
import { findActivationAccount, type ActivationAccount } from './repository.ts';
import type { ActivationDeps } from './routes.ts';

export interface ActivationStep {
  readonly key: string;
  readonly state: ActivationState;
  readonly account: ActivationAccount;
}

/** Why an activation cannot go on: its link or account, or the activation itself ran out. */
export type ActivationProblem =
  LinkProblem | { readonly code: 'ACTIVATION_STOPPED'; readonly status?: never };

const CsrfField = z.object({ _csrf: z.string().max(200) });
const goToSignIn = { href: '/', label: 'provisioning.goToSignIn' } as const;

export type ActivationContext = ReturnType<typeof createActivationContext>;

/** What every activation and reset route shares: the cookie, CSRF, step order and the refusal page. */
export function createActivationContext(deps: ActivationDeps) {
  const { config } = deps;
  const secure = config.publicUrl.protocol === 'https:';
  const phone = config.helpdeskPhone;
  const clearCookie = (reply: FastifyReply) => reply.clearCookie(ACTIVATION_COOKIE, cookieOptions(secure));

  /**
   * The refusal page, from the error table: which problem the link (or the activation) has and what to do.
   * A problem with the link itself, or a stopped activation, adds how to get a new link; an account that is
   * already active is offered the sign-in.
   */
  const refuse = (request: FastifyRequest, reply: FastifyReply, problem: ActivationProblem) => {
    const t = request.t;
    const status = problem.status ? t(`status_${problem.status}` satisfies MessageKey) : '—';
    const vars = { hours: config.provisioning.activationTtlHours, status };
    const ofAccount = problem.code === 'ACCOUNT_ALREADY_ACTIVE' || problem.code === 'LINK_WRONG_STATUS';
    const page = renderRefusal(request, {
      code: problem.code,
      vars,
      more: ofAccount ? [] : [t('provisioning.linkAskResend', { phone })],
      back: problem.code === 'ACCOUNT_ALREADY_ACTIVE' ? goToSignIn : undefined,
    });
    return reply.page(page, statusOf(problem.code));
  };

  /** The last page of an activation or a reset: what happened, and the way to sign in. */
  const sendDone = (request: FastifyRequest, reply: FastifyReply, heading: MessageKey, body: MessageKey) => {
    const t = request.t;
    return reply.page(
      messagePage({
        lang: request.lang,
        t,
        title: t(heading),
        path: request.url.split('?')[0] ?? '/',
        heading: t(heading),
        body: [t(body)],
        actions: html`<p class="actions">
          <a class="button" href="${goToSignIn.href}">${t(goToSignIn.label)}</a>
        </p>`,
      }),
    );
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
      clearCookie(reply);
      await refuse(request, reply, { code: 'ACTIVATION_STOPPED' });
      return undefined;
    }
    const account = await findActivationAccount(deps.store.db, read.state.accountId);
    if (!account || !ELIGIBLE_STATUSES[purpose].includes(account.status)) {
      clearCookie(reply);
      await refuse(request, reply, wrongStatus(account?.status));
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
    phone,
    refuse,
    sendDone,
    requireStep,
    setCookie: (reply: FastifyReply, value: string) =>
      reply.setCookie(ACTIVATION_COOKIE, value, cookieOptions(secure, ACTIVATION_TTL_MS / 1000)),
    clearCookie,
    csrf: (key: string) => csrfToken(deps.keyring, `act:${key}`),
    /** Refuses a post that is not from our own page with this activation's CSRF token. */
    requirePost: (request: FastifyRequest, key: string): void => {
      const body = CsrfField.safeParse(request.body);
      const valid =
        sameOrigin(request.headers.origin, config.publicUrl.origin) &&
        body.success &&
        checkCsrf(deps.keyring, body.data._csrf, `act:${key}`);
      if (!valid) throw new AppError('CSRF_FAILED', { back: { href: request.url, label: 'retry' } });
    },
  };
}
