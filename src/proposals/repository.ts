import type { Kysely, Transaction } from 'kysely';
import type { Database, DialectName } from '../store/index.ts';
import type { ItemDecision, ProposalStatus } from './table.ts';

/**
 * The proposal tables, shared by the workflow, HQ review and the import. Every function takes the database
 * (or the caller's transaction) first; the services open the transactions.
 */

/** The database, or a transaction on it. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Opens a draft proposal for a zone (or, with a null zone, the whole state); returns its ID. */
export async function insertDraftProposal(
  trx: Transaction<Database>,
  input: { zoneId: string | null; createdBy: number; note?: string; now: number },
): Promise<number> {
  const row = await trx
    .insertInto('proposals')
    .values({
      zone_id: input.zoneId,
      created_by: input.createdBy,
      status: 'draft',
      note: input.note ?? '',
      created_at: input.now,
      submitted_at: null,
      decided_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Items per INSERT: 10 columns × 500 stays far below SQLite's and PostgreSQL's parameter limits. */
const ITEM_BATCH = 500;

/** What a proposal gave as an officer's contact (an import's CSV row), kept for HQ's review. */
export interface ProposedContact {
  readonly email: string;
  readonly mobile: string | null;
}

/**
 * Adds officers to a proposal as pending items; officers already on it are left as they are. `contacts`
 * holds what an import's file gave for each officer (picked officers have none).
 */
export async function insertProposalItems(
  trx: Transaction<Database>,
  proposalId: number,
  officerIds: readonly number[],
  contacts?: ReadonlyMap<number, ProposedContact>,
): Promise<void> {
  const unique = [...new Set(officerIds)];
  for (let i = 0; i < unique.length; i += ITEM_BATCH) {
    await trx
      .insertInto('proposal_items')
      .values(
        unique.slice(i, i + ITEM_BATCH).map((officerId) => ({
          proposal_id: proposalId,
          officer_id: officerId,
          decision: 'pending' as const,
          reason: null,
          open_office_exception: null,
          decided_by: null,
          decided_at: null,
          account_id: null,
          proposed_email: contacts?.get(officerId)?.email ?? null,
          proposed_mobile: contacts?.get(officerId)?.mobile ?? null,
        })),
      )
      .onConflict((oc) => oc.columns(['proposal_id', 'officer_id']).doNothing())
      .execute();
  }
}

export interface LockedProposal {
  readonly id: number;
  /** Null for a state-wide proposal. */
  readonly zoneId: string | null;
  readonly status: ProposalStatus;
  readonly createdBy: number;
}

/**
 * Reads a proposal and, on PostgreSQL, locks its row until the transaction ends, so that changes to one
 * proposal (editing a draft, deciding its officers) run one at a time. SQLite serialises writers anyway.
 */
export function lockProposal(
  trx: Transaction<Database>,
  dialect: DialectName,
  proposalId: number,
): Promise<LockedProposal | undefined> {
  const q = trx
    .selectFrom('proposals')
    .select(['id', 'zone_id as zoneId', 'status', 'created_by as createdBy'])
    .where('id', '=', proposalId);
  return (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
}

/** How many of a proposal's officers have each decision. */
export async function countItemsByDecision(
  db: Db,
  proposalId: number,
): Promise<Record<ItemDecision, number>> {
  const rows = await db
    .selectFrom('proposal_items')
    .select(['decision', (eb) => eb.fn.countAll().as('n')])
    .where('proposal_id', '=', proposalId)
    .groupBy('decision')
    .execute();
  const count = (d: ItemDecision) => Number(rows.find((r) => r.decision === d)?.n ?? 0);
  return { pending: count('pending'), approved: count('approved'), rejected: count('rejected') };
}

/** The two steps a proposal takes after its draft, each stamped with when it happened. */
export type ProposalStep =
  | { readonly from: 'draft'; readonly to: 'submitted'; readonly at: number }
  | { readonly from: 'submitted'; readonly to: 'decided'; readonly at: number };

/**
 * Moves a proposal on, only from the status the step starts at (so a repeated step changes nothing).
 * False when the proposal was no longer there.
 */
export async function advanceProposal(
  trx: Transaction<Database>,
  proposalId: number,
  step: ProposalStep,
): Promise<boolean> {
  const res = await trx
    .updateTable('proposals')
    .set(
      step.to === 'submitted'
        ? { status: step.to, submitted_at: step.at }
        : { status: step.to, decided_at: step.at },
    )
    .where('id', '=', proposalId)
    .where('status', '=', step.from)
    .executeTakeFirst();
  return res.numUpdatedRows === 1n;
}

/**
 * A proposal's items with their officer, the officer's district and (once approved) account, as `pi`, `o`,
 * `d` and `a`: the join every view of a proposal's officers starts from.
 */
/** Proposals joined to their zone (none for a state-wide one) and the account that created them. */
export function proposalsWithCreator(db: Db) {
  return db
    .selectFrom('proposals as p')
    .leftJoin('zones as z', 'z.id', 'p.zone_id')
    .innerJoin('accounts as c', 'c.id', 'p.created_by');
}

export function proposalItemRows(db: Db, proposalId: number) {
  return db
    .selectFrom('proposal_items as pi')
    .innerJoin('officers as o', 'o.id', 'pi.officer_id')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .leftJoin('accounts as a', 'a.id', 'pi.account_id')
    .where('pi.proposal_id', '=', proposalId);
}
