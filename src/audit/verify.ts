import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import { GENESIS_HASH, hashEvent } from './chain.ts';

export type AuditVerdict =
  | { readonly ok: true; readonly count: number }
  | { readonly ok: false; readonly count: number; readonly badSeq: number; readonly problem: string };

const PAGE = 5000;

/**
 * Walks the chain in sequence order and reports the first event that does not fit:
 * an edited row (hash mismatch), a deleted or reordered row (sequence gap or broken link),
 * or a truncated tail (the head points past the last row).
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, count, badSeq: expectedSeq, problem: `event ${expectedSeq} is missing` };
      }
      if (row.prev_hash !== prevHash) {
        return {
          ok: false,
          count,
          badSeq: row.seq,
          problem: `event ${row.seq} does not follow event ${row.seq - 1}`,
        };
      }
      if (hashEvent(row) !== row.hash) {
        return { ok: false, count, badSeq: row.seq, problem: `event ${row.seq} was altered` };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < PAGE) break;
  }
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (!head || head.seq !== count || head.hash !== prevHash) {
    return { ok: false, count, badSeq: count + 1, problem: `events after ${count} were removed` };
  }
  return { ok: true, count };
}
