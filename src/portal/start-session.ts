import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccountRow } from '../accounts/index.ts';
import { findDocument } from '../documents/index.ts';
import { parseNext } from '../gateway/index.ts';
import {
  holdAtLimit,
  loadPersonFacts,
  openSession,
  sessionsAtLimit,
  subjectOf,
  type FlowState,
} from '../login/index.ts';
import type { SecondFactorUsed } from '../policy/index.ts';
import { bindDeviceRow } from '../session/index.ts';
import { COOKIE, cookieOptions } from '../web/index.ts';
import { documentsToAcknowledge, holdForAcknowledgement } from './acknowledge-routes.ts';
import { redirectAfterLogin } from './after-login.ts';
import type { PortalDeps } from './portal-deps.ts';
import { findDevice } from './repository.ts';
import type { SignInContext } from './sign-in-context.ts';

/** The device this browser trusted at the trust step, from its signed device cookie. */
export function trustedDeviceId(deps: Pick<PortalDeps, 'keyring'>, request: FastifyRequest): string | null {
  const device = deps.keyring.unsign('cookie-signing', request.cookies[COOKIE.device] ?? '');
  return device?.startsWith('device:') ? device.slice('device:'.length) : null;
}

/**
 * Opens the officer's session once every step has passed (whichever second factor was used), records the
 * disclaimer, and sends the officer on. The session's limits come from the portal's access profile.
 */
export function sessionStarter(deps: PortalDeps, ctx: SignInContext) {
  return async function startSession(
    request: FastifyRequest,
    reply: FastifyReply,
    flow: FlowState,
    account: AccountRow,
    secondFactor: SecondFactorUsed,
  ): Promise<FastifyReply> {
    const { placement, person } = await loadPersonFacts(deps.store.db, { ...account, status: 'active' });
    // The disclaimer accepted in this flow, when the profile lists that step.
    const doc = flow.d === undefined ? undefined : await findDocument(deps.store.db, 'disclaimer', flow.d);
    const profile = deps.policy.current().profile('portal');
    // The profile's acknowledgements step: documents whose current version the officer has not acknowledged.
    if ((await documentsToAcknowledge(deps, person)).length > 0)
      return holdForAcknowledgement(deps, ctx, reply, { flow, account, secondFactor });
    // At the limit the officer chooses which session to end (issue 9): nothing is evicted silently.
    const live = await sessionsAtLimit(deps, account.id, profile.maxSessions);
    if (live !== undefined) {
      const limit = {
        channel: 'portal',
        flow,
        account,
        secondFactor,
        live,
        max: profile.maxSessions,
      } as const;
      return holdAtLimit(deps, ctx.cookies, request, reply, limit);
    }
    const deviceId = await ownDevice(deps, request, account);
    const { session, token } = await openSession(deps, {
      account,
      channel: 'portal',
      subject: subjectOf(account, placement),
      person,
      facts: { secondFactor, deviceTrusted: deviceId !== null, posture: null },
      idleTimeoutS: profile.idleTimeoutS,
      absoluteTimeoutS: profile.absoluteTimeoutS,
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      deviceId,
      disclaimer: doc,
      // The device becomes this person's at their first session on it, and records its last use.
      also: deviceId
        ? async (trx) => {
            await bindDeviceRow(trx, deviceId, account.id, deps.clock.now());
          }
        : undefined,
    });
    ctx.cookies.clear(reply);
    reply.setCookie(COOKIE.session, token, cookieOptions(ctx.cookies.secure));
    const next = flow.nx ? parseNext(flow.nx, deps.resources) : undefined;
    return redirectAfterLogin(deps, reply, session, next, request.ip);
  };
}

/**
 * The trusted device this session opens on, when it may count as the person's own: genuine, not revoked,
 * and not already another person's. A shared PC trusted by a colleague is recorded (audited) but neither
 * taken over nor counted as trusted for this person: otherwise its owner's revocation would end this
 * person's sessions, and this person would enjoy a trust they never gave.
 */
async function ownDevice(
  deps: PortalDeps,
  request: FastifyRequest,
  account: AccountRow,
): Promise<string | null> {
  const id = trustedDeviceId(deps, request);
  const row = id === null ? undefined : await findDevice(deps.store.db, id);
  if (!row || row.revoked_at !== null) return null;
  if (row.account_id !== null && row.account_id !== account.id) {
    await deps.audit.append({
      type: 'device.shared',
      actor: account.user_id,
      target: row.id,
      ip: request.ip,
      detail: { owner_account_id: row.account_id },
    });
    return null;
  }
  return row.id;
}
