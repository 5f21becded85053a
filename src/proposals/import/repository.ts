import { sql, type Transaction } from 'kysely';
import type { Database, DialectName } from '../../store/index.ts';
import type { Db } from '../repository.ts';
import type { Named, OfficerRecord } from './lookups.ts';

/** What the CSV import reads from the directory and writes to it. */

/** Serialises imports on PostgreSQL, so two imports cannot both add the same new officer. */
const IMPORT_LOCK = 73_290_001;

/** Holds the import lock until the transaction ends (PostgreSQL; SQLite serialises writers anyway). */
export async function lockImports(trx: Transaction<Database>, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`.execute(trx);
}

/** Officers per INSERT: 9 columns × 500 stays far below SQLite's and PostgreSQL's parameter limits. */
const OFFICER_BATCH = 500;

/**
 * Lets the event loop run between batches. better-sqlite3 is synchronous and Kysely's awaits are only
 * microtasks, so 100 batches would otherwise hold the loop (and every proxied request) for seconds; the
 * transaction keeps its one connection meanwhile, so no other writer slips in between.
 */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Adds new officers in batches; returns employee number → officer ID. */
export async function insertOfficers(
  trx: Transaction<Database>,
  officers: readonly OfficerRecord[],
  now: number,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < officers.length; i += OFFICER_BATCH) {
    if (i > 0) await yieldToLoop();
    const inserted = await trx
      .insertInto('officers')
      .values(
        officers.slice(i, i + OFFICER_BATCH).map((r) => ({
          employee_no: r.employeeNo,
          name_en: r.nameEn,
          name_hi: r.nameHi,
          rank_id: r.rankId,
          wing_id: r.wingId,
          district_id: r.districtId,
          email: r.email,
          mobile: r.mobile,
          created_at: now,
        })),
      )
      .returning(['id', 'employee_no'])
      .execute();
    for (const o of inserted) ids.set(o.employee_no, o.id);
  }
  return ids;
}

const NAMED = ['id', 'name_en as nameEn', 'name_hi as nameHi'] as const;

/** The ranks in the department's own order. */
export function listRanks(db: Db): Promise<Named[]> {
  return db.selectFrom('ranks').select(NAMED).orderBy('sort_order').execute();
}

/** A district to put in the template's example row: one of the zone's (closed offices first), else any. */
export function findExampleDistrict(db: Db, zoneId: string | null): Promise<{ id: string } | undefined> {
  let query = db.selectFrom('districts').select('id').orderBy('office_status').orderBy('id');
  if (zoneId) query = query.where('zone_id', '=', zoneId);
  return query.executeTakeFirst();
}

/**
 * The whole directory as an import checks it: places, officers, the officers holding a live account, and
 * those awaiting a decision on a draft or submitted proposal (with that proposal).
 */
export async function readImportDirectory(db: Db) {
  const [zones, districts, wings, ranks, officers, holders, pending] = await Promise.all([
    db.selectFrom('zones').select(NAMED).execute(),
    db
      .selectFrom('districts')
      .select([...NAMED, 'zone_id as zoneId', 'office_status as officeStatus'])
      .execute(),
    db.selectFrom('wings').select(NAMED).execute(),
    db.selectFrom('ranks').select(NAMED).execute(),
    db
      .selectFrom('officers')
      .select([
        'id',
        'employee_no as employeeNo',
        'name_en as nameEn',
        'name_hi as nameHi',
        'rank_id as rankId',
        'wing_id as wingId',
        'district_id as districtId',
        'email',
        'mobile',
      ])
      .execute(),
    db
      .selectFrom('accounts')
      .select('officer_id')
      .where('officer_id', 'is not', null)
      .where('status', 'not in', ['revoked', 'expired'])
      .execute(),
    db
      .selectFrom('proposal_items as i')
      .innerJoin('proposals as p', 'p.id', 'i.proposal_id')
      .select(['i.officer_id as officerId', sql<number>`max(p.id)`.as('proposalId')])
      .where('i.decision', '=', 'pending')
      .where('p.status', 'in', ['draft', 'submitted'])
      .groupBy('i.officer_id')
      .execute(),
  ]);
  const accountHolders = holders.flatMap((h) => (h.officer_id === null ? [] : [h.officer_id]));
  return { zones, districts, wings, ranks, officers, accountHolders, pending };
}
