import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

/** One circular in the console's list, with its counts over the reader's reach. */
export interface CircularListLine {
  readonly id: number;
  readonly number: string;
  readonly issuedOn: string;
  readonly subjectEn: string;
  readonly subjectHi: string;
  readonly status: string;
  readonly recipients: number;
  readonly read: number;
  readonly acknowledged: number;
  readonly attestedZones: readonly string[];
}

/**
 * Circulars a staff member may see: everything (drafts included) for a state-wide reach; otherwise the
 * issued or withdrawn circulars that reached someone in their zone, or them. Counts are over recipients
 * (not copies) within that reach.
 */
export async function listCirculars(
  db: Kysely<Database>,
  reach: { all: true } | { all: false; zoneId: string | null; accountId: number },
): Promise<CircularListLine[]> {
  let q = db
    .selectFrom('circulars as c')
    .select([
      'c.id',
      'c.number',
      'c.issued_on as issuedOn',
      'c.subject_en as subjectEn',
      'c.subject_hi as subjectHi',
      'c.status',
    ]);
  if (!reach.all) {
    const zoneId = reach.zoneId;
    q = q.where('c.status', '!=', 'draft').where((eb) =>
      eb.exists(
        eb
          .selectFrom('circular_recipients as r')
          .select('r.account_id')
          .whereRef('r.circular_id', '=', 'c.id')
          .where((e) =>
            zoneId === null
              ? e('r.account_id', '=', reach.accountId)
              : e.or([e('r.account_id', '=', reach.accountId), e('r.zone_id', '=', zoneId)]),
          ),
      ),
    );
  }
  const circulars = await q.orderBy('c.id', 'desc').limit(500).execute();
  if (!circulars.length) return [];
  const ids = circulars.map((c) => c.id);
  let counts = db
    .selectFrom('circular_recipients')
    .select((eb) => [
      'circular_id',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.count<number | string>('read_at').as('read'),
      eb.fn.count<number | string>('acknowledged_at').as('acked'),
    ])
    .where('circular_id', 'in', ids)
    .where('kind', '=', 'recipient')
    .groupBy('circular_id');
  if (!reach.all && reach.zoneId !== null) counts = counts.where('zone_id', '=', reach.zoneId);
  const byId = new Map((await counts.execute()).map((r) => [r.circular_id, r]));
  const attest = await db
    .selectFrom('circular_attestations')
    .select(['circular_id', 'zone_id'])
    .where('circular_id', 'in', ids)
    .orderBy('zone_id')
    .execute();
  return circulars.map((c) => {
    const n = byId.get(c.id);
    return {
      ...c,
      recipients: Number(n?.n ?? 0),
      read: Number(n?.read ?? 0),
      acknowledged: Number(n?.acked ?? 0),
      attestedZones: attest.filter((a) => a.circular_id === c.id).map((a) => a.zone_id),
    };
  });
}
