import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Keyring } from '../crypto/index.ts';
import type { Store } from '../store/index.ts';
import { circularNotices } from './circular-notices.ts';
import type { LiveSession, SessionLookup, SessionStore } from '../session/index.ts';
import { COOKIE, csrfToken, isValidFormPost } from '../web/index.ts';

/** The signed-in officer's session, as the portal's pages read it from the session cookie. */
export function createPortalSessions(deps: {
  readonly sessions: SessionStore;
  readonly keyring: Keyring;
  readonly config: Pick<Config, 'publicUrl'>;
  readonly store: Store;
}) {
  const guard = { keyring: deps.keyring, origin: deps.config.publicUrl.origin };
  const secure = deps.config.publicUrl.protocol === 'https:';

  const lookup = async (request: FastifyRequest): Promise<SessionLookup> => {
    const found = await deps.sessions.authenticate(request.cookies[COOKIE.session]);
    // A signed-in officer's pages show their unread circulars at the top.
    if (found.ok) await circularNotices(deps.store.db, request, found.session.subject.accountId);
    return found;
  };

  return {
    secure,
    lookup,
    async current(request: FastifyRequest): Promise<LiveSession | undefined> {
      const found = await lookup(request);
      return found.ok ? found.session : undefined;
    },
    /** Where to send a visitor whose session is gone: say why when it ended, else start over. */
    goneLocation(found: SessionLookup): string {
      return !found.ok && found.reason !== 'missing' && found.reason !== 'invalid'
        ? `/ended?reason=${found.reason}`
        : '/';
    },
    csrf: (session: LiveSession) => csrfToken(deps.keyring, session.id),
    validPost: (request: FastifyRequest, session: LiveSession) => isValidFormPost(request, guard, session.id),
  };
}

export type PortalSessions = ReturnType<typeof createPortalSessions>;
