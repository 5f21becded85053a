import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database, Kv } from '../store/index.ts';

/** The sign-in counters table (migration 0004); kept here so the shared schema type stays untouched. */
type CounterTables = {
  sign_in_counters: { key: string; value: number | string | bigint; expires_at: number | string | bigint };
  totp_last_steps: { account_id: number; last_step: number | string | bigint };
};

/**
 * Kv keys that hold sign-in failure counts and locks. Without Redis they must outlive the process, or a
 * restart would hand an attacker a fresh set of guesses and lift every lock (issue 7, item 17).
 */
const DURABLE_PREFIXES = [
  'fail:',
  'mfa-fail:',
  'lock:',
  'locks:',
  'login-ip-fail:',
  'device-fail:',
  'device-lock:',
];

const isDurable = (key: string) => DURABLE_PREFIXES.some((p) => key.startsWith(p));

/**
 * A memory kv whose sign-in counters are also written to the database and read back at start-up (one
 * node, no Redis). Memory stays the authority while the process runs and the table follows it in order,
 * written behind: callers such as the console's unlock clear counters inside a transaction, and on
 * SQLite (one connection) a statement outside that transaction would wait for it forever. Everything
 * else (one-time codes, the session bus) stays in memory only. With Redis configured this is not used:
 * Redis already outlives a node's restart. `close` waits for the writes.
 */
export async function withDurableCounters(memory: Kv, database: Kysely<Database>, clock: Clock): Promise<Kv> {
  const db = database.withTables<CounterTables>();
  const expiries = new Map<string, number>();
  const start = clock.now();
  await db.deleteFrom('sign_in_counters').where('expires_at', '<=', start).execute();
  for (const row of await db.selectFrom('sign_in_counters').selectAll().execute()) {
    const expiresAt = Number(row.expires_at);
    await memory.set(row.key, String(Number(row.value)), expiresAt - start);
    expiries.set(row.key, expiresAt);
  }

  let writes: Promise<void> = Promise.resolve();
  const persist = (write: () => Promise<unknown>) => {
    writes = writes
      .then(write)
      .then(() => undefined)
      .catch((err: unknown) => process.emitWarning(`sign-in counter not stored: ${String(err)}`));
  };
  const store = (key: string, value: number, expiresAt: number) => {
    expiries.set(key, expiresAt);
    persist(() =>
      db
        .insertInto('sign_in_counters')
        .values({ key, value, expires_at: expiresAt })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value, expires_at: expiresAt }))
        .execute(),
    );
  };
  const remove = (key: string) => {
    expiries.delete(key);
    persist(() => db.deleteFrom('sign_in_counters').where('key', '=', key).execute());
  };

  return {
    ...memory,
    async set(key, value, ttlMs) {
      await memory.set(key, value, ttlMs);
      if (isDurable(key)) store(key, Number(value), clock.now() + ttlMs);
    },
    async take(key) {
      const value = await memory.take(key);
      if (isDurable(key)) remove(key);
      return value;
    },
    async del(key) {
      await memory.del(key);
      if (isDurable(key)) remove(key);
    },
    async incr(key, ttlMs) {
      const count = await memory.incr(key, ttlMs);
      if (isDurable(key)) {
        // The same expiry rule as the memory kv: a counter lasts `ttlMs` from its first increment.
        const now = clock.now();
        const known = expiries.get(key);
        store(key, count, count > 1 && known !== undefined && known > now ? known : now + ttlMs);
      }
      return count;
    },
    async close() {
      await writes;
      await memory.close();
    },
  };
}

/**
 * Records `step` as the account's last accepted TOTP time step, if it is later than the one stored; false
 * when it is not (RFC 6238 §5.2: the verifier must not accept the second attempt of a code it accepted).
 * One conditional upsert, so of two requests racing with one code only the first wins.
 */
export async function acceptTotpStep(
  database: Kysely<Database>,
  accountId: number,
  step: number,
): Promise<boolean> {
  const db = database.withTables<CounterTables>();
  const res = await db
    .insertInto('totp_last_steps')
    .values({ account_id: accountId, last_step: step })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({ last_step: step }).where('totp_last_steps.last_step', '<', step),
    )
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0;
}
