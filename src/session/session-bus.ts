import type { Kysely } from 'kysely';
import type { Database, Kv } from '../store/index.ts';
import type { EndReason } from './live-session.ts';
import { findEndedSessions } from './repository.ts';

const ENDED_CHANNEL = 'session-ended';
/** Bound parameters per revalidation query, well under SQLite's and PostgreSQL's limits. */
const IDS_PER_QUERY = 500;
const END_REASONS: ReadonlySet<string> = new Set<EndReason>(['logout', 'idle', 'absolute', 'revoked']);

/**
 * Keeps this node's session cache in step with the others. Ends are broadcast over the kv bus; a notice
 * published while this node's link was down is lost, so after every reconnect the cache is checked against
 * the database before it serves again, and a periodic check (the sweeper's) bounds staleness even when a
 * notice is lost without a disconnect (issue 7, item 16).
 */
export function createSessionBus(o: {
  db: Kysely<Database>;
  kv: Kv;
  onError: (err: unknown) => void;
  /** IDs of the sessions this node holds in memory. */
  cachedIds(): string[];
  /** Drops a session from this node's memory. */
  forget(sessionId: string, reason: EndReason): void;
}) {
  let revalidating: Promise<void> | undefined;

  /** Drops every cached session the database says has ended; returns how many. */
  async function revalidate(): Promise<number> {
    const ids = o.cachedIds();
    let dropped = 0;
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      for (const row of await findEndedSessions(o.db, ids.slice(i, i + IDS_PER_QUERY))) {
        const reason = row.end_reason ?? '';
        o.forget(row.id, END_REASONS.has(reason) ? (reason as EndReason) : 'revoked');
        dropped += 1;
      }
    }
    return dropped;
  }

  async function subscribe(): Promise<void> {
    o.kv.onBusState((state) => {
      if (state !== 'up') return;
      const run: Promise<void> = revalidate()
        .then(() => undefined, o.onError)
        .finally(() => {
          if (revalidating === run) revalidating = undefined;
        });
      revalidating = run;
    });
    await o.kv.subscribe(ENDED_CHANNEL, (message) => {
      const [id, reason] = message.split(' ');
      if (id) o.forget(id, reason && END_REASONS.has(reason) ? (reason as EndReason) : 'revoked');
    });
  }

  /**
   * Tells the other nodes. A failure is logged, not thrown: the end is already committed, and the other
   * nodes' periodic check finds it within seconds.
   */
  async function publishEnded(sessionId: string, reason: EndReason): Promise<void> {
    await o.kv.publish(ENDED_CHANNEL, `${sessionId} ${reason}`).catch(o.onError);
  }

  return {
    subscribe,
    revalidate,
    publishEnded,
    /** The check under way after a reconnect; lookups wait for it before serving from memory. */
    pending: () => revalidating,
  };
}
