import type { Kysely } from 'kysely';
import type { AgentPosture, SecondFactorUsed, SessionFacts } from '../policy/index.ts';
import type { Database, Kv } from '../store/index.ts';
import type { LiveSession } from './live-session.ts';
import { findSessionRow, updatePosture } from './repository.ts';

/** Whose sessions' facts changed: one account's, one district's, one session's, or everyone's. */
export type FactsTarget =
  { readonly accountId: number } | { readonly district: string } | { readonly sessionId: string } | 'all';

/** Where nodes tell each other that a person's or a session's facts changed. */
const FACTS_CHANNEL = 'facts-changed';

const SECOND_FACTORS: ReadonlySet<string> = new Set<SecondFactorUsed>(['totp', 'recovery', 'passkey']);

/** A stored session's own facts: its second factor, its device, its inspector report. */
export function sessionFactsOf(row: {
  mfa: number;
  mfa_method: string | null;
  device_id: string | null;
  posture: string | null;
}): SessionFacts {
  const method = row.mfa_method ?? (row.mfa ? 'totp' : 'none');
  return {
    secondFactor: SECOND_FACTORS.has(method) ? (method as SecondFactorUsed) : 'none',
    // A revoked device's sessions are ended with it, so a live session's device is still trusted.
    deviceTrusted: row.device_id !== null,
    posture: row.posture ? (JSON.parse(row.posture) as AgentPosture) : null,
  };
}

function encodeTarget(target: FactsTarget): string {
  if (target === 'all') return 'all';
  if ('accountId' in target) return `account ${target.accountId}`;
  if ('district' in target) return `district ${target.district}`;
  return `session ${target.sessionId}`;
}

function decodeTarget(message: string): FactsTarget | undefined {
  const [kind, value = ''] = message.split(' ');
  if (kind === 'all') return 'all';
  if (kind === 'account' && /^\d+$/.test(value)) return { accountId: Number(value) };
  if (kind === 'district' && value) return { district: value };
  if (kind === 'session' && value) return { sessionId: value };
  return undefined;
}

/** What the facts refresher needs from the session store. */
export interface FactsOptions {
  readonly db: Kysely<Database>;
  readonly kv: Kv;
  readonly onError: (err: unknown) => void;
  /** The sessions this node holds. */
  readonly sessions: ReadonlyMap<string, LiveSession>;
  loadSubject(accountId: number): Promise<{ person: LiveSession['person'] } | undefined>;
}

/**
 * Keeps the policy's facts about live sessions current on every node. A change (an account's, a district's
 * office status, an acknowledgement, a session's posture report) marks the sessions concerned stale here
 * and, over the kv bus, on every other node; a stale session's next request reloads its facts before the
 * policy decides, so no request is decided on facts older than the change.
 */
export function createFactsRefresher(o: FactsOptions) {
  const refreshing = new Map<string, Promise<void>>();

  /** Reloads a stale session's person and session facts from the database (once, however many ask). */
  function refresh(session: LiveSession): Promise<void> {
    let run = refreshing.get(session.id);
    if (run) return run;
    run = (async () => {
      session.stale = false;
      const [loaded, row] = await Promise.all([
        o.loadSubject(session.subject.accountId),
        findSessionRow(o.db, session.id),
      ]);
      if (loaded) session.person = loaded.person;
      if (row) session.facts = sessionFactsOf(row);
    })()
      .catch((err: unknown) => {
        // Decide on the old facts rather than on none; the next request tries again.
        session.stale = true;
        o.onError(err);
      })
      .finally(() => refreshing.delete(session.id));
    refreshing.set(session.id, run);
    return run;
  }

  /** Marks this node's sessions that `target` covers as stale. */
  function markStale(target: FactsTarget): void {
    for (const s of o.sessions.values()) {
      if (
        target === 'all' ||
        ('accountId' in target && s.subject.accountId === target.accountId) ||
        ('district' in target && s.person.district === target.district) ||
        ('sessionId' in target && s.id === target.sessionId)
      )
        s.stale = true;
    }
  }

  /**
   * Tells every node that facts changed (an account, a district's office status, an acknowledgement, a
   * session's posture): each marks the sessions concerned stale, and their next request reloads them.
   */
  async function refreshFacts(target: FactsTarget): Promise<void> {
    markStale(target);
    await o.kv.publish(FACTS_CHANNEL, encodeTarget(target)).catch(o.onError);
  }

  /** Records the inspector's verified report on a session, for this node and the others. */
  async function setPosture(sessionId: string, posture: AgentPosture): Promise<void> {
    await updatePosture(o.db, sessionId, JSON.stringify(posture), posture.at);
    const live = o.sessions.get(sessionId);
    if (live) live.facts = { ...live.facts, posture };
    await refreshFacts({ sessionId });
  }

  /** Listens for other nodes' changes. */
  async function subscribe(): Promise<void> {
    await o.kv.subscribe(FACTS_CHANNEL, (message) => {
      const target = decodeTarget(message);
      if (target) markStale(target);
    });
  }

  return { refresh, refreshFacts, setPosture, subscribe };
}
