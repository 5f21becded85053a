import { type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Database, DialectName } from '../store/index.ts';
import { canonicalDetail, hashEvent } from './chain.ts';
import { TALLIED_TYPES, type AuditInput } from './events.ts';
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

export function createAuditLog(
  db: Kysely<Database>,
  dialect: DialectName,
  clock: Clock,
  options: { onError?: (err: unknown) => void } = {},
): AuditTrail {
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
      .values({ ...fields, hash })
      .execute();
    await trx.updateTable('audit_head').set({ seq: fields.seq, hash }).where('id', '=', 1).execute();
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
