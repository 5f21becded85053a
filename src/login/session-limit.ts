import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type AccountRow, findAccountById } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { SecondFactorUsed } from '../policy/index.ts';
import { findSessionAccount, liveSessionsOf, type SessionStore } from '../session/index.ts';
import type { Kv, Store } from '../store/index.ts';
import { flowOf, type FlowCookies } from './flow-cookie.ts';
import { type FlowState, type SignInChannel, withoutSecondFactor } from './flow.ts';
import { renderSessionLimit } from './session-limit-page.ts';

/** Where a person at the session limit chooses which session to end, per channel. */
export const SESSION_LIMIT_PATHS = { portal: '/login/limit', console: '/console/login/limit' } as const;

/** How long the choice may take: as long as a pending second factor. */
export const SESSION_LIMIT_TIMEOUT_MS = 5 * 60_000;

/**
 * A sign-in that passed every step but found the person at their session limit. Held server-side, keyed
 * by the channel and the flow's nonce (never a posted account ID), and taken once: a replayed choice finds
 * nothing.
 */
const PendingSignInSchema = z.object({
  accountId: z.number().int().positive(),
  secondFactor: z.enum(['none', 'totp', 'recovery', 'passkey']),
  at: z.number().int(),
});
type PendingSignIn = z.infer<typeof PendingSignInSchema>;

const pendingKey = (channel: SignInChannel, flow: FlowState) => `session-limit:${channel}:${flow.n}`;

function parsePending(stored: string | undefined): PendingSignIn | undefined {
  if (stored === undefined) return undefined;
  try {
    return PendingSignInSchema.safeParse(JSON.parse(stored)).data;
  } catch {
    return undefined;
  }
}

interface LimitDeps {
  readonly kv: Kv;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly store: Store;
  readonly sessions: Pick<SessionStore, 'end'>;
}

/** How many live sessions the person holds when that is `max` or more (a new one must wait); else undefined. */
export async function sessionsAtLimit(
  deps: Pick<LimitDeps, 'store' | 'clock'>,
  accountId: number,
  max: number,
): Promise<number | undefined> {
  const live = await liveSessionsOf(deps, { accountId });
  return live.length >= max ? live.length : undefined;
}

/**
 * Holds a sign-in at the session limit instead of opening a session: records it, audits the limit, and
 * sends the person to choose which session to end. Any pending second factor leaves the flow cookie, so
 * the only way on is through the choice.
 */
export async function holdAtLimit(
  deps: Pick<LimitDeps, 'kv' | 'audit' | 'clock'>,
  cookies: FlowCookies,
  request: FastifyRequest,
  reply: FastifyReply,
  input: {
    channel: SignInChannel;
    flow: FlowState;
    account: AccountRow;
    secondFactor: SecondFactorUsed;
    live: number;
    max: number;
  },
): Promise<FastifyReply> {
  const pending: PendingSignIn = {
    accountId: input.account.id,
    secondFactor: input.secondFactor,
    at: deps.clock.now(),
  };
  await deps.kv.set(pendingKey(input.channel, input.flow), JSON.stringify(pending), SESSION_LIMIT_TIMEOUT_MS);
  await deps.audit.append({
    type: 'session.limit_reached',
    actor: input.account.user_id,
    ip: request.ip,
    detail: { live: input.live, max: input.max, channel: input.channel },
  });
  cookies.write(reply, withoutSecondFactor(input.flow));
  return reply.redirect(SESSION_LIMIT_PATHS[input.channel], 303);
}

/** The choice: end one session (named by its ID) and sign in, or give up this sign-in. */
const ChoiceForm = z.object({
  action: z.enum(['replace', 'cancel']),
  session: z.string().max(200).optional(),
});

export interface SessionLimitOptions {
  readonly cookies: FlowCookies;
  readonly channel: SignInChannel;
  /** Where a sign-in starts again: the first step of the channel. */
  readonly restart: string;
  /** Where a cancelled sign-in goes. */
  readonly cancelled: string;
  /** Opens the session once a session was ended; checks the limit again (another may have opened). */
  open(
    request: FastifyRequest,
    reply: FastifyReply,
    flow: FlowState,
    account: AccountRow,
    secondFactor: SecondFactorUsed,
  ): Promise<FastifyReply>;
}

/**
 * The limit page's routes, for a scope whose hook sets `request.flow` and checks the flow's CSRF token on
 * every post (the portal's and the console's sign-in scopes). GET lists the person's live sessions (device,
 * place, start, last use); POST ends the chosen one and opens the new session, or cancels.
 */
export function registerSessionLimit(app: FastifyInstance, deps: LimitDeps, o: SessionLimitOptions): void {
  const path = SESSION_LIMIT_PATHS[o.channel];

  async function pending(request: FastifyRequest, take: boolean) {
    const flow = flowOf(request);
    const key = pendingKey(o.channel, flow);
    const held = parsePending(take ? await deps.kv.take(key) : await deps.kv.get(key));
    if (!held || deps.clock.now() - held.at > SESSION_LIMIT_TIMEOUT_MS) return { flow, held: undefined };
    return { flow, held };
  }

  async function page(request: FastifyRequest, flow: FlowState, accountId: number, error?: string) {
    const sessions = await liveSessionsOf(deps, { accountId });
    return renderSessionLimit(request, { csrf: o.cookies.csrf(flow), action: path, sessions, error });
  }

  app.get(path, async (request, reply) => {
    const { flow, held } = await pending(request, false);
    if (!held) return reply.redirect(o.restart, 303);
    return reply.page(await page(request, flow, held.accountId));
  });

  app.post(path, async (request, reply) => {
    const form = ChoiceForm.safeParse(request.body ?? {});
    if (form.success && form.data.action === 'cancel') {
      await deps.kv.del(pendingKey(o.channel, flowOf(request)));
      o.cookies.clear(reply);
      return reply.redirect(o.cancelled, 303);
    }
    const chosen = form.success ? form.data.session : undefined;
    if (!chosen) {
      // Nothing picked: the same page, saying so; the sign-in keeps waiting.
      const { flow, held } = await pending(request, false);
      if (!held) return reply.redirect(o.restart, 303);
      const error = request.t('devices.errChoose');
      return reply.page(await page(request, flow, held.accountId, error), 400);
    }
    const { flow, held } = await pending(request, true);
    if (!held) return reply.redirect(o.restart, 303);
    const account = await findAccountById(deps.store.db, held.accountId);
    if (!account || (account.status !== 'active' && account.status !== 'locked'))
      throw new AppError('ACCOUNT_NOT_ACTIVE');
    const owner = await findSessionAccount(deps.store.db, chosen);
    if (owner !== account.id) {
      // A session that is not theirs: refused and audited, and this sign-in is over.
      await deps.audit.append({
        type: 'session.end_refused',
        actor: account.user_id,
        target: chosen.slice(0, 100),
        ip: request.ip,
        detail: { owner_account_id: owner ?? null, channel: o.channel },
      });
      o.cookies.clear(reply);
      throw new AppError('FORBIDDEN');
    }
    // Ended by the person who chose it; every node drops it (the store broadcasts the end).
    await deps.sessions.end(chosen, 'revoked', account.user_id);
    return o.open(request, reply, flow, account, held.secondFactor);
  });
}
