import type { PersonFacts, SessionFacts } from '../policy/index.ts';

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
  /**
   * What the access policy knows about the person, decided on every request. Replaced when the account,
   * the directory or the person's acknowledgements change (see `SessionStore.refreshFacts`).
   */
  person: PersonFacts;
  /** What the policy knows about this session: its second factor, its device, its posture report. */
  facts: SessionFacts;
  /** The device this session opened on (the trust step's), if any. */
  readonly deviceId: string | null;
  /** Set when `person` may be out of date: the next request reloads it before deciding. */
  stale: boolean;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly idleTimeoutMs: number;
  lastSeenAt: number;
  /** When lastSeenAt was last written to the database; bounds write frequency. */
  persistedLastSeenAt: number;
  endReason: EndReason | undefined;
  /** When it ended, once known (a logout or revocation recorded; a limit reached is computed). */
  endedAt?: number | undefined;
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

/** When an ended session ended: recorded, or the moment its idle or absolute limit passed. */
export function sessionEndedAt(session: LiveSession): number | undefined {
  if (session.endedAt !== undefined) return session.endedAt;
  if (session.endReason === 'absolute') return session.expiresAt;
  if (session.endReason === 'idle') return session.lastSeenAt + session.idleTimeoutMs;
  return undefined;
}

/** What the session bar may learn about a live session: times only, never who it is. */
export interface SessionTimes {
  readonly idleMs: number;
  /** Milliseconds until the idle limit, from `now`. */
  readonly idleLeftMs: number;
  /** Milliseconds until the absolute limit, from `now`. */
  readonly absoluteLeftMs: number;
  /** Epoch ms when the session ends unless extended (the earlier of both limits). */
  readonly endsAt: number;
}

export function sessionTimes(session: LiveSession, now: number): SessionTimes {
  const idleEnds = session.lastSeenAt + session.idleTimeoutMs;
  return {
    idleMs: session.idleTimeoutMs,
    idleLeftMs: Math.max(0, idleEnds - now),
    absoluteLeftMs: Math.max(0, session.expiresAt - now),
    endsAt: Math.min(idleEnds, session.expiresAt),
  };
}
