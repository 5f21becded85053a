import type { Transaction } from 'kysely';
import type { AccountStatus } from '../../accounts/table.ts';
import type { AuditLog } from '../../audit/index.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Keyring } from '../../crypto/index.ts';
import type { ResourceTable } from '../../gateway/index.ts';
import type { PolicyRuntime } from '../../policy/index.ts';
import { provisionOfficerAccount } from '../../provisioning/index.ts';
import type { Database, Store } from '../../store/index.ts';
import { recordDecision, type DecisionItem, type DecisionRecord } from './repository.ts';

/**
 * What HQ's decisions need: the store, and what provisioning an account, queuing its activation mail and
 * sending the user guide need.
 */
export interface DecideDeps {
  readonly store: Pick<Store, 'db' | 'dialect'>;
  readonly config: Config;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
  readonly resources: ResourceTable;
  /** The guide mailed when a proposal closes states the portal profile's session limits. */
  readonly policy: Pick<PolicyRuntime, 'current'>;
}

/** Who decides: the HQ administrator's account and user ID. */
export interface Decider {
  readonly accountId: number;
  readonly userId: string;
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
    openOfficeException: input.exceptionReason,
    actor: input.by.userId,
    ip: input.ip,
    proposalId: input.proposalId,
  });
  if (!account.ok) throw new Error(`officer ${input.item.officerId} vanished during approval`);
  await record(trx, input.item.itemId, {
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
  await record(trx, input.item.itemId, {
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

/** Records a decision; the proposal lock makes a miss here a bug, so the whole transaction rolls back. */
async function record(trx: Transaction<Database>, itemId: number, decision: DecisionRecord): Promise<void> {
  if (!(await recordDecision(trx, itemId, decision)))
    throw new Error(`proposal item ${itemId} was decided concurrently`);
}
