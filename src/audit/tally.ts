import type { Clock } from '../clock.ts';
import type { AuditDetail, AuditEventType, AuditInput } from './events.ts';

/**
 * Failures anyone can cause without signing in (unknown user IDs, refusals of a throttled or locked
 * sign-in, failed device checks, rejected return addresses) are counted per source address, type and
 * minute, and each count is written as ONE chained record when its minute is over, the way HAProxy's
 * stick tables count per source and log a rate rather than a line per hit. A flood therefore adds a
 * record a minute per address, not one per request, and never queues on the chain's head-row lock.
 * Counts live in this node's memory until written (at most a minute and a few seconds); `flush` writes
 * them at once, and shutdown flushes.
 */
export interface Tally {
  note(event: AuditInput): void;
  /** Writes the counts of every minute that has ended. */
  flushDue(): Promise<void>;
  /** Writes every count now, the current minute's included. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
}

export interface TallyOptions {
  readonly clock: Clock;
  /** Appends one record to the chain. */
  readonly write: (event: AuditInput) => Promise<void>;
  readonly onError: (err: unknown) => void;
  /** Addresses tracked at once; beyond it, new addresses share one `*` count (memory stays bounded). */
  readonly maxKeys?: number;
  readonly flushEveryMs?: number;
}

const MINUTE_MS = 60_000;
/** Distinct actors (typed user IDs) kept per count, for the record; the count itself has no limit. */
const ACTORS_KEPT = 10;
const SAMPLE_MAX = 300;

interface Count {
  readonly type: AuditEventType;
  readonly ip: string;
  readonly minute: number;
  count: number;
  readonly firstAt: number;
  lastAt: number;
  readonly actors: Set<string>;
  /** The first event's detail, as JSON, so the record shows what kind of failure it counts. */
  readonly sample: string;
}

export function createTally(o: TallyOptions): Tally {
  const maxKeys = o.maxKeys ?? 10_000;
  const counts = new Map<string, Count>();

  function note(event: AuditInput): void {
    const now = o.clock.now();
    const minute = Math.floor(now / MINUTE_MS);
    let ip = event.ip ?? 'unknown';
    let key = `${minute} ${event.type} ${ip}`;
    if (!counts.has(key) && counts.size >= maxKeys) {
      ip = '*';
      key = `${minute} ${event.type} *`;
    }
    let entry = counts.get(key);
    if (!entry) {
      entry = {
        type: event.type,
        ip,
        minute,
        count: 0,
        firstAt: now,
        lastAt: now,
        actors: new Set(),
        sample: JSON.stringify(event.detail ?? {}).slice(0, SAMPLE_MAX),
      };
      counts.set(key, entry);
    }
    entry.count += 1;
    entry.lastAt = now;
    const actor = event.actor ?? 'anonymous';
    if (entry.actors.size < ACTORS_KEPT) entry.actors.add(actor.slice(0, 64));
  }

  async function write(due: (c: Count) => boolean): Promise<void> {
    const taken: Count[] = [];
    for (const [key, entry] of counts) {
      if (!due(entry)) continue;
      counts.delete(key);
      taken.push(entry);
    }
    for (const c of taken) {
      try {
        await o.write(recordOf(c));
      } catch (err) {
        o.onError(err);
      }
    }
  }

  const flushDue = () => {
    const current = Math.floor(o.clock.now() / MINUTE_MS);
    return write((c) => c.minute < current);
  };
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (counts.size > 0) running = running.then(flushDue);
  }, o.flushEveryMs ?? 10_000);
  timer.unref();

  return {
    note,
    flushDue,
    async flush() {
      await running;
      await write(() => true);
    },
    async close() {
      clearInterval(timer);
      await running;
      await write(() => true);
    },
  };
}

/** One record for a minute's count: who was tried (a few), how often, and when. */
function recordOf(c: Count): AuditInput {
  const actors = [...c.actors];
  const detail: AuditDetail = {
    count: c.count,
    window_start: c.minute * MINUTE_MS,
    window_s: MINUTE_MS / 1000,
    first_at: c.firstAt,
    last_at: c.lastAt,
    actors: actors.join(','),
    sample: c.sample,
  };
  return {
    type: c.type,
    actor: actors.length === 1 ? (actors[0] ?? 'anonymous') : 'anonymous',
    ip: c.ip,
    detail,
  };
}
