import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  findHelpUserId,
  HELP_SESSION_MS,
  helpSessionValue,
  parseHelpSession,
  type OfficerActor,
} from '../helpdesk/index.ts';
import { cookieOptions, csrfToken, isValidFormPost } from '../web/index.ts';
import type { PortalDeps } from './portal-deps.ts';
import type { PortalSessions } from './portal-session.ts';

/** The help cookie: signed (`cookie-signing`), HttpOnly, SameSite=Lax, apart from the portal session. */
export const HELP_COOKIE = 'help';

/** Who the help pages are serving: a signed-in officer, or one identified by a mailed code. */
export interface HelpIdentity {
  readonly accountId: number;
  readonly userId: string;
  readonly via: 'session' | 'code';
  /** What this visitor's CSRF tokens are bound to (the session ID, or the help cookie's value). */
  readonly binding: string;
}

/** Reading, starting and ending help sessions (issue 11), and their CSRF tokens. */
export function createHelpSessions(deps: PortalDeps, portal: PortalSessions) {
  const { keyring, clock, config, store } = deps;
  const guard = { keyring, origin: config.publicUrl.origin };

  /** The visitor's identity: a live portal session counts; else a help cookie that is signed and unexpired. */
  async function identity(request: FastifyRequest): Promise<HelpIdentity | undefined> {
    const session = await portal.current(request);
    if (session)
      return {
        accountId: session.subject.accountId,
        userId: session.subject.userId,
        via: 'session',
        binding: session.id,
      };
    const signed = request.cookies[HELP_COOKIE];
    const value = signed ? keyring.unsign('cookie-signing', signed) : undefined;
    const accountId = parseHelpSession(value, clock.now());
    if (accountId === undefined || value === undefined) return undefined;
    const userId = await findHelpUserId(store.db, accountId);
    return userId ? { accountId, userId, via: 'code', binding: value } : undefined;
  }

  return {
    identity,
    start(reply: FastifyReply, accountId: number): void {
      const value = helpSessionValue(accountId, clock.now() + HELP_SESSION_MS);
      reply.setCookie(
        HELP_COOKIE,
        keyring.sign('cookie-signing', value),
        cookieOptions(portal.secure, HELP_SESSION_MS / 1000),
      );
    },
    end(reply: FastifyReply): void {
      reply.clearCookie(HELP_COOKIE, cookieOptions(portal.secure));
    },
    csrf: (who: HelpIdentity) => csrfToken(keyring, who.binding),
    validPost: (request: FastifyRequest, who: HelpIdentity) => isValidFormPost(request, guard, who.binding),
    actor: (who: HelpIdentity, request: FastifyRequest): OfficerActor => ({
      kind: 'officer',
      accountId: who.accountId,
      userId: who.userId,
      ip: request.ip,
      via: 'portal',
    }),
  };
}

export type HelpSessions = ReturnType<typeof createHelpSessions>;
