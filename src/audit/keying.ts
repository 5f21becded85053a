import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DialectName } from '../store/index.ts';
import { createChainMac } from './chain-mac.ts';
import { type ChainProblem, createChainWalk } from './chain-walk.ts';
import type { AuditInput } from './events.ts';

export type KeyingOutcome =
  | { readonly kind: 'keyed'; readonly count: number }
  | { readonly kind: 'nothing' }
  /** A checkpoint exists: rows without a MAC stay so, and verification reports them. */
  | { readonly kind: 'checkpointed'; readonly unkeyed: number }
  /** The plain chain does not verify: keying it would launder the damage. */
  | { readonly kind: 'refused'; readonly problem: ChainProblem };

const PAGE = 5_000;
const BATCH = 500;

class Refused extends Error {
  constructor(readonly problem: ChainProblem) {
    super(problem.problem);
  }
}

/**
 * Rows written before the chain was keyed (migration 0011) have no MAC. While no checkpoint exists, the
 * node that holds the secret checks the plain chain and then gives every such row, and the head, its MAC
 * in one transaction (so a crash keys all or nothing), and records `audit.keyed` with the count. Once a
 * checkpoint exists nothing is ever filled in: an unkeyed row then is one written without the key.
 */
export async function keyLegacyEvents(
  db: Kysely<Database>,
  dialect: DialectName,
  chainKey: Buffer,
  append: (event: AuditInput, trx: Transaction<Database>) => Promise<void>,
): Promise<KeyingOutcome> {
  const mac = createChainMac(chainKey);
  // A head whose MAC holds was last moved by a writer with the key, and every such writer keys its row:
  // the common case costs one read, not a scan.
  const current = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash', 'mac'])
    .where('id', '=', 1)
    .executeTakeFirst();
  if (current && mac.matches(current.mac, mac.ofHead(current.seq, current.hash))) return { kind: 'nothing' };
  try {
    return await db.transaction().execute(async (trx) => {
      const headQuery = trx.selectFrom('audit_head').select(['seq', 'hash', 'mac']).where('id', '=', 1);
      const head = await (dialect === 'postgres' ? headQuery.forUpdate() : headQuery).executeTakeFirst();
      if (!head) throw new Error('audit_head row is missing: run the migrations');
      const unkeyed = await countUnkeyed(trx);
      // A head MAC that does not match over keyed rows is for verification to report, not to paper over.
      if (unkeyed === 0 && head.mac !== null) return { kind: 'nothing' } as const;
      const checkpoint = await trx.selectFrom('audit_checkpoints').select('seq').limit(1).executeTakeFirst();
      if (checkpoint) return { kind: 'checkpointed', unkeyed } as const;

      const walk = createChainWalk();
      let after = 0;
      let keyed = 0;
      for (;;) {
        const rows = await trx
          .selectFrom('audit_events')
          .select(['seq', 'at', 'type', 'actor', 'target', 'ip', 'detail', 'prev_hash', 'hash', 'mac'])
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(PAGE)
          .execute();
        const fill: [number, string][] = [];
        for (const row of rows) {
          const problem = walk.step(row);
          if (problem) throw new Refused(problem);
          if (row.mac === null) fill.push([row.seq, mac.ofEvent(row.hash)]);
          after = row.seq;
        }
        for (let i = 0; i < fill.length; i += BATCH) await setMacs(trx, fill.slice(i, i + BATCH));
        keyed += fill.length;
        if (rows.length < PAGE) break;
      }
      if (head.seq !== walk.count || head.hash !== walk.lastHash) {
        throw new Refused({ badSeq: walk.count + 1, problem: `events after ${walk.count} were removed` });
      }
      await trx
        .updateTable('audit_head')
        .set({ mac: mac.ofHead(head.seq, head.hash) })
        .where('id', '=', 1)
        .execute();
      if (keyed > 0) await append({ type: 'audit.keyed', actor: 'system', detail: { count: keyed } }, trx);
      return { kind: 'keyed', count: keyed } as const;
    });
  } catch (err) {
    if (err instanceof Refused) return { kind: 'refused', problem: err.problem };
    throw err;
  }
}

async function countUnkeyed(db: Kysely<Database>): Promise<number> {
  const rows = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('mac', 'is', null)
    .executeTakeFirst();
  return Number(rows?.n ?? 0);
}

/** One statement per batch: `update … set mac = case seq when … then … end where seq in (…)`. */
async function setMacs(trx: Transaction<Database>, batch: readonly [number, string][]): Promise<void> {
  const cases = sql.join(
    batch.map(([seq, m]) => sql`when ${seq} then ${m}`),
    sql` `,
  );
  const seqs = batch.map(([seq]) => seq);
  await sql`update audit_events set mac = case seq ${cases} end where seq in (${sql.join(seqs)})`.execute(
    trx,
  );
}
