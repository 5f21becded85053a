import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../store/index.ts';
import type { AuditEventTable } from './table.ts';

export type AuditEventRow = Selectable<AuditEventTable>;

/**
 * A named reader of the trail (the shipper, the anomaly detector) that several nodes share: each pass reads
 * the events after the cursor, handles them, and advances the cursor by compare-and-set. A node that loses
 * the race handled events another node has claimed; it drops its pass instead of repeating the work.
 */
export interface AuditCursor {
  /** The sequence number handled so far. A new cursor starts at the current head: it reads no history. */
  position(): Promise<number>;
  /** Up to `limit` events after `seq`, in order. */
  read(after: number, limit: number): Promise<AuditEventRow[]>;
  /** Moves the cursor from `from` to `to`; false when another node moved it first. */
  advance(from: number, to: number, now: number): Promise<boolean>;
}

export function auditCursor(db: Kysely<Database>, name: string): AuditCursor {
  return {
    async position() {
      const row = await db
        .selectFrom('audit_cursors')
        .select('seq')
        .where('name', '=', name)
        .executeTakeFirst();
      if (row) return row.seq;
      const head = await db.selectFrom('audit_head').select('seq').where('id', '=', 1).executeTakeFirst();
      const seq = head?.seq ?? 0;
      await db
        .insertInto('audit_cursors')
        .values({ name, seq, updated_at: 0 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const stored = await db
        .selectFrom('audit_cursors')
        .select('seq')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return stored.seq;
    },
    read(after, limit) {
      return db
        .selectFrom('audit_events')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(limit)
        .execute();
    },
    async advance(from, to, now) {
      const result = await db
        .updateTable('audit_cursors')
        .set({ seq: to, updated_at: now })
        .where('name', '=', name)
        .where('seq', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
