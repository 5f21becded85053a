import { sql } from 'kysely';
import type { AccountStatus } from '../accounts/table.ts';
import { OFFICER_COLUMNS, type OfficerRow } from '../directory/index.ts';
import { proposalItemRows, proposalsWithCreator, type Db } from './repository.ts';
import type { ItemDecision, ProposalStatus } from './table.ts';

/** What the proposal pages read: proposals with their counts, and a proposal's officers. */

export interface ProposalCounts {
  total: number;
  approved: number;
  rejected: number;
  pending: number;
  /** Approved officers whose account has left `pending_activation`. */
  activated: number;
  /** When HQ decided the first item, if it has. */
  firstDecisionAt: number | null;
}

export interface ProposalSummary extends ProposalCounts {
  id: number;
  /** Null for a state-wide proposal; its zone names then read "All zones". */
  zoneId: string | null;
  zoneEn: string;
  zoneHi: string;
  status: ProposalStatus;
  note: string;
  createdById: number;
  createdByUserId: string;
  createdByName: string;
  createdAt: number;
  submittedAt: number | null;
  decidedAt: number | null;
}

export interface ProposalListFilter {
  /** Only this zone; undefined for every zone. */
  readonly zoneId?: string | undefined;
  readonly status?: ProposalStatus;
  /** `newest` by creation (the proposer's list) or `oldest` by submission (HQ's queue). */
  readonly order: 'newest' | 'oldest';
}

function baseQuery(db: Db) {
  return proposalsWithCreator(db).select([
    'p.id',
    'p.zone_id as zoneId',
    (eb) => eb.fn.coalesce('z.name_en', sql.lit('All zones')).as('zoneEn'),
    (eb) => eb.fn.coalesce('z.name_hi', sql.lit('सभी जोन')).as('zoneHi'),
    'p.status',
    'p.note',
    'p.created_by as createdById',
    'c.user_id as createdByUserId',
    'c.display_name as createdByName',
    'p.created_at as createdAt',
    'p.submitted_at as submittedAt',
    'p.decided_at as decidedAt',
  ]);
}

const NO_ITEMS: Readonly<ProposalCounts> = {
  total: 0,
  approved: 0,
  rejected: 0,
  pending: 0,
  activated: 0,
  firstDecisionAt: null,
};

async function countItems(db: Db, ids: readonly number[]): Promise<Map<number, ProposalCounts>> {
  const counts = new Map<number, ProposalCounts>();
  if (ids.length === 0) return counts;
  const rows = await db
    .selectFrom('proposal_items as pi')
    .leftJoin('accounts as a', 'a.id', 'pi.account_id')
    .select((eb) => [
      'pi.proposal_id as proposalId',
      'pi.decision',
      'a.status as accountStatus',
      eb.fn.countAll().as('n'),
      eb.fn.min('pi.decided_at').as('firstAt'),
    ])
    .where('pi.proposal_id', 'in', ids)
    .groupBy(['pi.proposal_id', 'pi.decision', 'a.status'])
    .execute();
  for (const r of rows) {
    const c = counts.get(r.proposalId) ?? { ...NO_ITEMS };
    const n = Number(r.n);
    c.total += n;
    c[r.decision] += n;
    if (r.decision === 'approved' && r.accountStatus !== null && r.accountStatus !== 'pending_activation')
      c.activated += n;
    const firstAt = r.firstAt;
    if (firstAt !== null && (c.firstDecisionAt === null || firstAt < c.firstDecisionAt))
      c.firstDecisionAt = firstAt;
    counts.set(r.proposalId, c);
  }
  return counts;
}

/** Proposals with their item counts, for the proposer's list and HQ's queue. */
export async function listProposals(db: Db, filter: ProposalListFilter): Promise<ProposalSummary[]> {
  let q = baseQuery(db);
  if (filter.zoneId !== undefined) q = q.where('p.zone_id', '=', filter.zoneId);
  if (filter.status) q = q.where('p.status', '=', filter.status);
  q =
    filter.order === 'newest'
      ? q.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc')
      : q.orderBy('p.submitted_at', 'asc').orderBy('p.id', 'asc');
  const rows = await q.execute();
  const counts = await countItems(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...r, ...(counts.get(r.id) ?? NO_ITEMS) }));
}

export async function findProposal(db: Db, id: number): Promise<ProposalSummary | undefined> {
  const row = await baseQuery(db).where('p.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const counts = await countItems(db, [id]);
  return { ...row, ...(counts.get(id) ?? NO_ITEMS) };
}

/** One officer of a proposal: where they work, HQ's decision, and their account once approved. */
export interface ProposalItemView extends OfficerRow {
  itemId: number;
  decision: ItemDecision;
  reason: string | null;
  openOfficeException: string | null;
  decidedByUserId: string | null;
  decidedAt: number | null;
  accountId: number | null;
  userId: string | null;
  accountStatus: AccountStatus | null;
}

/** A proposal's officers with their placement, decision and (once approved) account. */
export function listProposalItems(db: Db, proposalId: number): Promise<ProposalItemView[]> {
  return proposalItemRows(db, proposalId)
    .innerJoin('ranks as r', 'r.id', 'o.rank_id')
    .innerJoin('wings as w', 'w.id', 'o.wing_id')
    .leftJoin('accounts as dec', 'dec.id', 'pi.decided_by')
    .select([
      ...OFFICER_COLUMNS,
      'pi.id as itemId',
      'pi.decision',
      'pi.reason',
      'pi.open_office_exception as openOfficeException',
      'dec.user_id as decidedByUserId',
      'pi.decided_at as decidedAt',
      'pi.account_id as accountId',
      'a.user_id as userId',
      'a.status as accountStatus',
    ])
    .orderBy('d.name_en')
    .orderBy('o.name_en')
    .orderBy('pi.id')
    .execute();
}
