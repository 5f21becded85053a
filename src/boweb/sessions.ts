import type { FastifyRequest } from 'fastify';
import { createRandomToken } from './tokens.ts';
import type { BowebUser } from './users.ts';

export const SESSION_COOKIE = 'BOWEB_SESSION';

// Reached over plain http://boweb.localhost:8080 in the demo, so no `Secure` (and no __Host- prefix).
export const COOKIE_OPTIONS = { httpOnly: true, sameSite: 'lax', path: '/' } as const;

// Demo portal: an 8-hour working day, kept in memory only.
const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;

export interface BowebSession {
  readonly id: string;
  readonly user: BowebUser;
  /** The gateway user who logged in; the session is useless to anyone else behind the gateway. */
  readonly gatewaySub: string | null;
  /** Echoed by state-changing forms (log out). */
  readonly csrfToken: string;
  readonly expiresAt: number;
}

export interface SessionStore {
  create(user: BowebUser, gatewaySub: string | null): BowebSession;
  find(id: string | undefined, gatewaySub: string | null): BowebSession | undefined;
  delete(id: string | undefined): void;
}

export function createSessionStore(now: () => number = Date.now): SessionStore {
  const sessions = new Map<string, BowebSession>();

  function purgeExpired(): void {
    const time = now();
    for (const [id, session] of sessions) if (session.expiresAt <= time) sessions.delete(id);
  }

  return {
    create(user, gatewaySub) {
      purgeExpired();
      const session: BowebSession = {
        id: createRandomToken(),
        user,
        gatewaySub,
        csrfToken: createRandomToken(),
        expiresAt: now() + SESSION_LIFETIME_MS,
      };
      sessions.set(session.id, session);
      return session;
    },
    find(id, gatewaySub) {
      if (!id) return undefined;
      const session = sessions.get(id);
      if (!session) return undefined;
      if (session.expiresAt <= now()) {
        sessions.delete(id);
        return undefined;
      }
      // A cookie carried over to a different gateway user (shared PC, stolen cookie) does not count.
      return session.gatewaySub === gatewaySub ? session : undefined;
    },
    delete(id) {
      if (id) sessions.delete(id);
    },
  };
}

/** The BOWEB session for this request, if its cookie is live and belongs to the same gateway user. */
export function readSession(store: SessionStore, request: FastifyRequest): BowebSession | undefined {
  return store.find(request.cookies[SESSION_COOKIE], request.bowebGatewayIdentity?.sub ?? null);
}
