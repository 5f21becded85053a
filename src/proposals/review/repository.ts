import type { Transaction } from 'kysely';
import type { OfficeStatus } from '../../directory/index.ts';
import type { Database } from '../../store/index.ts';
import { proposalItemRows, proposalsWithCreator, type Db } from '../repository.ts';
import type { ItemDecision } from '../table.ts';

/** What HQ's decisions read and write on a proposal's items. */

export interface DecisionItem {
  readonly itemId: number;
  readonly officerId: number;
  readonly employeeNo: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly officeStatus: OfficeStatus;
  readonly decision: ItemDecision;
  readonly userId: string | null;
}

/** A proposal's items (or the listed ones) with what a decision needs: office status, current decision. */
export function listDecisionItems(
  db: Db,
  proposalId: number,
  itemIds?: readonly number[],
): Promise<DecisionItem[]> {
  let q = proposalItemRows(db, proposalId)
    .select([
      'pi.id as itemId',
      'o.id as officerId',
      'o.employee_no as employeeNo',
      'o.name_en as nameEn',
      'o.name_hi as nameHi',
      'd.office_status as officeStatus',
      'pi.decision',
      'a.user_id as userId',
    ])
    .orderBy('pi.id');
  if (itemIds) q = q.where('pi.id', 'in', itemIds.length > 0 ? [...itemIds] : [-1]);
  return q.execute();
}

export interface DecisionRecord {
  readonly decision: 'approved' | 'rejected';
  readonly reason: string | null;
  readonly open_office_exception: string | null;
  readonly decided_by: number;
  readonly decided_at: number;
  readonly account_id: number | null;
}

/** Records HQ's decision on an item, only while it is pending; false when it no longer was. */
export async function recordDecision(
  trx: Transaction<Database>,
  itemId: number,
  record: DecisionRecord,
): Promise<boolean> {
  const res = await trx
    .updateTable('proposal_items')
    .set(record)
    .where('id', '=', itemId)
    .where('decision', '=', 'pending')
    .executeTakeFirst();
  return res.numUpdatedRows === 1n;
}

/** The zones whose officers were approved on this proposal (one for a zonal proposal; many state-wide). */
export async function listApprovedZones(db: Db, proposalId: number): Promise<string[]> {
  const rows = await proposalItemRows(db, proposalId)
    .select('d.zone_id')
    .distinct()
    .where('pi.decision', '=', 'approved')
    .orderBy('d.zone_id')
    .execute();
  return rows.map((r) => r.zone_id);
}

/** The proposal's zone and its creator's address, for the decision notice. */
export function findProposerNotice(db: Db, proposalId: number) {
  return proposalsWithCreator(db)
    .select([
      'p.id',
      'z.name_en as zoneEn',
      'z.name_hi as zoneHi',
      'c.id as creatorId',
      'c.email',
      'c.display_name',
    ])
    .where('p.id', '=', proposalId)
    .executeTakeFirst();
}

/** Every officer of the proposal with its decision and reason, by English name. */
export function listDecidedItems(db: Db, proposalId: number) {
  return db
    .selectFrom('proposal_items as pi')
    .innerJoin('officers as o', 'o.id', 'pi.officer_id')
    .select(['pi.decision', 'pi.reason', 'o.employee_no', 'o.name_en', 'o.name_hi'])
    .where('pi.proposal_id', '=', proposalId)
    .orderBy('o.name_en')
    .execute();
}

/**
 * For each officer of the proposal, where the activation mail and texts go (the directory's address and
 * mobile: provisioning reads them) and what the proposal's file gave instead, if anything.
 */
export function listActivationContacts(db: Db, proposalId: number) {
  return db
    .selectFrom('proposal_items as pi')
    .innerJoin('officers as o', 'o.id', 'pi.officer_id')
    .select([
      'pi.id as itemId',
      'o.email',
      'o.mobile',
      'pi.proposed_email as proposedEmail',
      'pi.proposed_mobile as proposedMobile',
    ])
    .where('pi.proposal_id', '=', proposalId)
    .execute();
}
