import { type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database, DialectName } from '../store/index.ts';
import { canonicalDetail, hashEvent } from './chain.ts';
import { createChainMac } from './chain-mac.ts';
import { TALLIED_TYPES, type AuditInput } from './events.ts';
import { keyLegacyEvents, type KeyingOutcome } from './keying.ts';
import { createTally } from './tally.ts';

export interface AuditLog {
  /**
   * Appends inside `trx` when given (so the record commits with the change), else in its own transaction.
   * Unauthenticated failures (`TALLIED_TYPES`) are counted instead, and written once a minute per address.
   */
  append(event: AuditInput, trx?: Transaction<Database>): Promise<void>;
}

/** The audit log its owner holds: it can also write the counted failures now, and flushes them on close. */
export interface AuditTrail extends AuditLog {
  /** Writes every counted failure now (tests; an operator's `audit verify` sees them at once). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface AuditLogOptions {
  /**
   * The chain's HMAC key: `keyring.derive('audit-chain')`. It lives only in memory; the database holds
   * the MACs made with it, never the key.
   */
  readonly chainKey: Buffer;
  readonly onError?: (err: unknown) => void;
}

export function createAuditLog(
  db: Kysely<Database>,
  dialect: DialectName,
  clock: Clock,
  options: AuditLogOptions,
): AuditTrail {
  const mac = createChainMac(options.chainKey);
  async function appendIn(trx: Transaction<Database>, event: AuditInput): Promise<void> {
    // The head row is the chain's lock: on PostgreSQL a row lock serialises appenders across nodes;
    // SQLite serialises writers by itself.
    const headQuery = trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
    const head = await (dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirst();
    if (!head) throw new Error('audit_head row is missing: run the migrations');
    const fields = {
      seq: head.seq + 1,
      at: clock.now(),
      type: event.type,
      actor: event.actor ?? null,
      target: event.target ?? null,
      ip: event.ip ?? null,
      detail: canonicalDetail(event.detail ?? {}),
      prev_hash: head.hash,
    };
    const hash = hashEvent(fields);
    await trx
      .insertInto('audit_events')
      .values({ ...fields, hash, mac: mac.ofEvent(hash) })
      .execute();
    await trx
      .updateTable('audit_head')
      .set({ seq: fields.seq, hash, mac: mac.ofHead(fields.seq, hash) })
      .where('id', '=', 1)
      .execute();
  }

  const write = (event: AuditInput) => db.transaction().execute((t) => appendIn(t, event));
  const tally = createTally({
    clock,
    write,
    onError: options.onError ?? ((err) => process.emitWarning(`audit tally not written: ${String(err)}`)),
  });

  return {
    async append(event, trx) {
      if (TALLIED_TYPES.has(event.type)) return tally.note(event);
      if (trx) return appendIn(trx, event);
      await write(event);
    },
    flush: () => tally.flush(),
    close: () => tally.close(),
  };
}

/**
 * The audit log a node runs with: `createAuditLog`, after keying any rows written before the chain was
 * keyed (see keying.ts). `onKeying` hears what keying found (log it: a refusal means the chain is broken).
 */
export async function openAuditLog(
  db: Kysely<Database>,
  dialect: DialectName,
  clock: Clock,
  options: AuditLogOptions & { onKeying?: (outcome: KeyingOutcome) => void },
): Promise<AuditTrail> {
  const trail = createAuditLog(db, dialect, clock, options);
  const outcome = await keyLegacyEvents(db, dialect, options.chainKey, (event, trx) =>
    trail.append(event, trx),
  );
  options.onKeying?.(outcome);
  return trail;
}
