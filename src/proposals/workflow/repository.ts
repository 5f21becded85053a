import type { Transaction } from 'kysely';
import { OFFICER_COLUMNS, type OfficerRow } from '../../directory/index.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Database } from '../../store/index.ts';
import type { Db } from '../repository.ts';

/** What picking officers into a draft, and editing it, reads and writes. */

export interface PickFilter {
  readonly zoneId: string;
  readonly districtId?: string | undefined;
  readonly wingId?: string | undefined;
}

/** The zone's officers who can still be proposed (no account, on no pending proposal), by district, wing and name. */
export function listEligibleOfficers(db: Db, filter: PickFilter): Promise<OfficerRow[]> {
  let q = db
    .selectFrom('officers as o')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .innerJoin('ranks as r', 'r.id', 'o.rank_id')
    .innerJoin('wings as w', 'w.id', 'o.wing_id')
    .select([...OFFICER_COLUMNS])
    .where('d.zone_id', '=', filter.zoneId)
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('accounts as a').select('a.id').whereRef('a.officer_id', '=', 'o.id'))),
    )
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('proposal_items as pi')
            .select('pi.id')
            .whereRef('pi.officer_id', '=', 'o.id')
            .where('pi.decision', '=', 'pending'),
        ),
      ),
    )
    .orderBy('d.name_en')
    .orderBy('w.sort_order')
    .orderBy('o.name_en');
  if (filter.districtId) q = q.where('d.id', '=', filter.districtId);
  if (filter.wingId) q = q.where('o.wing_id', '=', filter.wingId);
  return q.execute();
}

/** What decides whether an officer may go on a new proposal. */
export interface OfficerStanding {
  /** The zone of the officer's district. */
  readonly zoneId: string;
  readonly hasAccount: boolean;
  /** On a proposal where they still await HQ's decision. */
  readonly pending: boolean;
}

/** The standing of each of `officerIds` that exists. */
export async function listOfficerStanding(
  db: Db,
  officerIds: readonly number[],
): Promise<Map<number, OfficerStanding>> {
  if (officerIds.length === 0) return new Map();
  const ids = [...new Set(officerIds)];
  const officers = await db
    .selectFrom('officers as o')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select(['o.id', 'd.zone_id as zoneId'])
    .where('o.id', 'in', ids)
    .execute();
  const accounts = await db
    .selectFrom('accounts')
    .select('officer_id')
    .where('officer_id', 'in', ids)
    .execute();
  const pending = await db
    .selectFrom('proposal_items')
    .select('officer_id')
    .where('officer_id', 'in', ids)
    .where('decision', '=', 'pending')
    .execute();
  const withAccount = new Set(accounts.map((r) => r.officer_id));
  const onPending = new Set(pending.map((r) => r.officer_id));
  return new Map(
    officers.map((o) => [
      o.id,
      { zoneId: o.zoneId, hasAccount: withAccount.has(o.id), pending: onPending.has(o.id) },
    ]),
  );
}

/** "Name (employee no.)" for each known officer ID, the name in the page's language, to name them in messages. */
export async function listOfficerLabels(
  db: Db,
  officerIds: readonly number[],
  lang: Lang,
): Promise<Map<number, string>> {
  if (officerIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('officers')
    .select(['id', 'name_en', 'name_hi', 'employee_no'])
    .where('id', 'in', [...officerIds])
    .execute();
  const name = (r: { name_en: string; name_hi: string }) =>
    lang === 'hi' && r.name_hi ? r.name_hi : r.name_en;
  return new Map(rows.map((r) => [r.id, `${name(r)} (${r.employee_no})`]));
}

/** Takes the listed items off a proposal; returns how many there were. */
export async function deleteProposalItems(
  trx: Transaction<Database>,
  proposalId: number,
  itemIds: readonly number[],
): Promise<number> {
  const res = await trx
    .deleteFrom('proposal_items')
    .where('proposal_id', '=', proposalId)
    .where('id', 'in', [...new Set(itemIds)])
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
