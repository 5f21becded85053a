/** Who a session belongs to, as the gateway vouches for them upstream. */
export interface Subject {
  readonly accountId: number;
  readonly userId: string;
  readonly displayName: string;
  readonly role: string;
  readonly zone: string | null;
  readonly district: string | null;
  readonly wing: string | null;
}

export type EndReason = 'logout' | 'idle' | 'absolute' | 'revoked';

/** A session as held in memory; the proxy path reads only this. */
export interface LiveSession {
  readonly id: string;
  readonly secretHash: string;
  readonly subject: Subject;
  /** Resource hosts the policy granted at login. */
  readonly grantedHosts: ReadonlySet<string>;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly idleTimeoutMs: number;
  lastSeenAt: number;
  /** When lastSeenAt was last written to the database; bounds write frequency. */
  persistedLastSeenAt: number;
  endReason: EndReason | undefined;
}

/** A resource cookie: one session's pass for one resource host. */
export interface ResourceBinding {
  readonly id: string;
  readonly secretHash: string;
  readonly host: string;
  readonly session: LiveSession;
  /** The signed assertion for this session and host, reused until `assertionRefreshAt`. */
  assertion: string | undefined;
  assertionRefreshAt: number;
  /** The cookie value once checked against `secretHash`, so later requests skip the hash. */
  verifiedToken: string | undefined;
}

/** Why a session is not live now, or undefined when it is. */
export function sessionProblem(session: LiveSession, now: number): EndReason | undefined {
  if (session.endReason) return session.endReason;
  if (now >= session.expiresAt) return 'absolute';
  if (now - session.lastSeenAt >= session.idleTimeoutMs) return 'idle';
  return undefined;
}
