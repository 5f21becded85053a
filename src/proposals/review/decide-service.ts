import type { Transaction } from 'kysely';
import type { ErrorCode } from '../../errors.ts';
import type { Database } from '../../store/index.ts';
import { lockProposal, type LockedProposal } from '../repository.ts';
import {
  approveItem,
  rejectItem,
  type ApprovedAccount,
  type DecideDeps,
  type Decider,
} from './decide-apply.ts';
import { closeIfAllDecided } from './decide-close.ts';
import {
  checkDecision,
  classifyReplay,
  partitionForBulk,
  type DecisionProblem,
  type DecisionRequest,
} from './decide-rules.ts';
import { listDecisionItems, type DecisionItem } from './repository.ts';

export interface Closing {
  /** This decision was the last pending one: the proposal is now decided. */
  readonly decided: boolean;
  readonly proposerNotified: boolean;
}

/**
 * The failure each refusal of a decision answers with, from the one error table. The reasons themselves
 * are the service's contract (tests name them).
 */
export const DECIDE_FAILURES = {
  not_found: 'PROPOSAL_NOT_FOUND',
  not_submitted: 'PROPOSAL_NOT_SUBMITTED',
  own_proposal: 'SEPARATION_OF_DUTIES',
  conflict: 'PROPOSAL_DECISION_CONFLICT',
  invalid: 'VALIDATION_FAILED',
} as const satisfies Record<string, ErrorCode>;

/** Why HQ may not decide on a proposal at all. */
export type ProposalRefusal = 'not_found' | 'not_submitted' | 'own_proposal';

export type DecideItemResult =
  | { ok: true; outcome: 'approved'; officer: DecisionItem; account: ApprovedAccount; proposal: Closing }
  | { ok: true; outcome: 'rejected'; officer: DecisionItem; proposal: Closing }
  | { ok: true; outcome: 'already_approved' | 'already_rejected'; officer: DecisionItem }
  | { ok: false; reason: ProposalRefusal }
  | { ok: false; reason: 'conflict'; current: 'approved' | 'rejected'; officer: DecisionItem }
  | { ok: false; reason: 'invalid'; problems: DecisionProblem[]; officer: DecisionItem };

/**
 * Why `by` may not decide on this proposal, if they may not. Separation of duties: nobody decides a proposal
 * they created. A draft is not HQ's yet.
 */
export function refusalFor(proposal: LockedProposal | undefined, by: Decider): ProposalRefusal | undefined {
  if (!proposal) return 'not_found';
  if (proposal.createdBy === by.accountId) return 'own_proposal';
  if (proposal.status === 'draft') return 'not_submitted';
  return undefined;
}

async function openForDecision(
  trx: Transaction<Database>,
  deps: DecideDeps,
  proposalId: number,
  by: Decider,
): Promise<ProposalRefusal | undefined> {
  return refusalFor(await lockProposal(trx, deps.store.dialect, proposalId), by);
}

/**
 * Decides one officer of a submitted proposal, in one transaction with its consequences: approval provisions
 * the account and queues the activation mail; the last decision closes the proposal and notifies the
 * proposer. Repeating a decision changes nothing; contradicting one is refused.
 */
export async function decideItem(
  deps: DecideDeps,
  input: { proposalId: number; itemId: number; request: DecisionRequest; by: Decider; ip?: string | null },
): Promise<DecideItemResult> {
  const ip = input.ip ?? null;
  return deps.store.db.transaction().execute(async (trx): Promise<DecideItemResult> => {
    const refusal = await openForDecision(trx, deps, input.proposalId, input.by);
    if (refusal) return { ok: false, reason: refusal };
    const [officer] = await listDecisionItems(trx, input.proposalId, [input.itemId]);
    if (!officer) return { ok: false, reason: 'not_found' };
    const replay = classifyReplay(officer.decision, input.request.decision);
    if (replay === 'already_approved' || replay === 'already_rejected')
      return { ok: true, outcome: replay, officer };
    if (replay === 'conflict' && officer.decision !== 'pending')
      return { ok: false, reason: 'conflict', current: officer.decision, officer };
    const problems = checkDecision(input.request, officer.officeStatus);
    if (problems.length > 0) return { ok: false, reason: 'invalid', problems, officer };
    const base = { proposalId: input.proposalId, item: officer, by: input.by, ip };
    if (input.request.decision === 'reject') {
      await rejectItem(trx, deps, { ...base, reason: input.request.reason });
      const proposal = await closeIfAllDecided(trx, deps, base);
      return { ok: true, outcome: 'rejected', officer, proposal };
    }
    const account = await approveItem(trx, deps, {
      ...base,
      exceptionReason: officer.officeStatus === 'open' ? input.request.exceptionReason : null,
      validUntil: input.request.validUntil,
    });
    const proposal = await closeIfAllDecided(trx, deps, base);
    return { ok: true, outcome: 'approved', officer, account, proposal };
  });
}

export interface BulkApproved {
  readonly officer: DecisionItem;
  readonly account: ApprovedAccount;
}

export type BulkResult =
  | { ok: true; approved: BulkApproved[]; skipped: DecisionItem[]; proposal: Closing }
  | { ok: false; reason: ProposalRefusal };

/**
 * "Approve all eligible": approves, in one transaction, those of `itemIds` (the ones HQ confirmed) that are
 * still pending with their office closed. Officers in open offices and items decided meanwhile are skipped.
 */
export async function approveAllEligible(
  deps: DecideDeps,
  input: {
    proposalId: number;
    itemIds: readonly number[];
    validUntil: number | null;
    by: Decider;
    ip?: string | null;
  },
): Promise<BulkResult> {
  const ip = input.ip ?? null;
  return deps.store.db.transaction().execute(async (trx): Promise<BulkResult> => {
    const refusal = await openForDecision(trx, deps, input.proposalId, input.by);
    if (refusal) return { ok: false, reason: refusal };
    const items = await listDecisionItems(trx, input.proposalId, input.itemIds);
    const { eligible, needsException, decided } = partitionForBulk(items);
    const approved: BulkApproved[] = [];
    for (const officer of eligible) {
      const account = await approveItem(trx, deps, {
        proposalId: input.proposalId,
        item: officer,
        exceptionReason: null,
        validUntil: input.validUntil,
        by: input.by,
        ip,
      });
      approved.push({ officer, account });
    }
    const proposal =
      approved.length > 0
        ? await closeIfAllDecided(trx, deps, { proposalId: input.proposalId, by: input.by, ip })
        : { decided: false, proposerNotified: false };
    return { ok: true, approved, skipped: [...needsException, ...decided], proposal };
  });
}
