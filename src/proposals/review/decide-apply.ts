import type { Transaction } from 'kysely';
import type { AccountStatus } from '../../accounts/table.ts';
import type { OfficeStatus } from '../../directory/table.ts';
import { provisionOfficerAccount } from '../../provisioning/index.ts';
import type { Database, DialectName, Store } from '../../store/index.ts';
import type { ItemDecision, ProposalStatus } from '../table.ts';
import type { Config } from '../../config.ts';
import type { Clock } from '../../clock.ts';
import type { Keyring } from '../../crypto/index.ts';
import type { AuditLog } from '../../audit/index.ts';
import type { ResourceTable } from '../../gateway/index.ts';

export type DecideDeps = {
  readonly store: Store;
  readonly config: Config;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly resources: ResourceTable;
};

/** Who decides: the HQ administrator's account and user ID. */
export interface Decider {
  readonly accountId: number;
  readonly userId: string;
}

export interface LockedProposal {
  readonly id: number;
  /** Null for a state-wide proposal. */
  readonly zoneId: string | null;
  readonly status: ProposalStatus;
  readonly createdBy: number;
}

/** Reads a proposal and, on PostgreSQL, locks its row so decisions on one proposal run one at a time. */
export async function lockProposal(
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
export function loadDecisionItems(
  trx: Transaction<Database>,
  proposalId: number,
  itemIds?: readonly number[],
): Promise<DecisionItem[]> {
  let q = trx
    .selectFrom('proposal_items as pi')
    .innerJoin('officers as o', 'o.id', 'pi.officer_id')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .leftJoin('accounts as a', 'a.id', 'pi.account_id')
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
    .where('pi.proposal_id', '=', proposalId)
    .orderBy('pi.id');
  if (itemIds) q = q.where('pi.id', 'in', itemIds.length > 0 ? [...itemIds] : [-1]);
  return q.execute();
}

export interface ApprovedAccount {
  readonly userId: string;
  /** False when the officer already had an account, which was linked instead. */
  readonly created: boolean;
  readonly linkSent: boolean;
  readonly status: AccountStatus;
}

/** Approves a pending item: provisions (or links) the account, records the decision, audits both. */
export async function approveItem(
  trx: Transaction<Database>,
  deps: DecideDeps,
  input: {
    proposalId: number;
    item: DecisionItem;
    exceptionReason: string | null;
    validUntil: number | null;
    by: Decider;
    ip: string | null;
  },
): Promise<ApprovedAccount> {
  const account = await provisionOfficerAccount(trx, deps, {
    officerId: input.item.officerId,
    validUntil: input.validUntil,
    actor: input.by.userId,
    ip: input.ip,
    proposalId: input.proposalId,
  });
  if (!account.ok) throw new Error(`officer ${input.item.officerId} vanished during approval`);
  await recordDecision(trx, input.item.itemId, {
    decision: 'approved',
    reason: null,
    open_office_exception: input.exceptionReason,
    decided_by: input.by.accountId,
    decided_at: deps.clock.now(),
    account_id: account.accountId,
  });
  await deps.audit.append(
    {
      type: 'proposal.item_approved',
      actor: input.by.userId,
      target: input.item.employeeNo,
      ip: input.ip,
      detail: {
        proposal: input.proposalId,
        user_id: account.userId,
        account_created: account.created,
        office_open_exception: input.exceptionReason,
      },
    },
    trx,
  );
  return account.created
    ? { userId: account.userId, created: true, linkSent: account.linkSent, status: 'pending_activation' }
    : { userId: account.userId, created: false, linkSent: false, status: account.status };
}

/** Rejects a pending item with the reason the proposer will read, and audits it. */
export async function rejectItem(
  trx: Transaction<Database>,
  deps: DecideDeps,
  input: { proposalId: number; item: DecisionItem; reason: string; by: Decider; ip: string | null },
): Promise<void> {
  await recordDecision(trx, input.item.itemId, {
    decision: 'rejected',
    reason: input.reason,
    open_office_exception: null,
    decided_by: input.by.accountId,
    decided_at: deps.clock.now(),
    account_id: null,
  });
  await deps.audit.append(
    {
      type: 'proposal.item_rejected',
      actor: input.by.userId,
      target: input.item.employeeNo,
      ip: input.ip,
      detail: { proposal: input.proposalId, reason: input.reason },
    },
    trx,
  );
}

async function recordDecision(
  trx: Transaction<Database>,
  itemId: number,
  set: {
    decision: 'approved' | 'rejected';
    reason: string | null;
    open_office_exception: string | null;
    decided_by: number;
    decided_at: number;
    account_id: number | null;
  },
): Promise<void> {
  // Only a pending item takes a decision; the proposal lock makes a miss here a bug, so it rolls back.
  const res = await trx
    .updateTable('proposal_items')
    .set(set)
    .where('id', '=', itemId)
    .where('decision', '=', 'pending')
    .executeTakeFirst();
  if (res.numUpdatedRows !== 1n) throw new Error(`proposal item ${itemId} was decided concurrently`);
}
