import type { Transaction } from 'kysely';
import type { AuditLog } from '../../audit/index.ts';
import type { Clock } from '../../clock.ts';
import { listZones } from '../../directory/index.ts';
import type { ErrorCode } from '../../errors.ts';
import { reaches, type Staff } from '../../policy/index.ts';
import type { Database, Store } from '../../store/index.ts';
import {
  advanceProposal,
  countItemsByDecision,
  insertDraftProposal,
  insertProposalItems,
  lockProposal,
} from '../repository.ts';
import { findIneligibleOfficers, MAX_PICKS, type Ineligibility } from './eligible-officers.ts';
import { deleteProposalItems } from './repository.ts';

/** Who is acting, with the reach of the permission the action needs (`proposal.create`). */
export type ProposalActor = Pick<Staff, 'accountId' | 'userId' | 'scope' | 'zoneId' | 'districtId'>;

/** What the proposal workflow needs. */
export interface WorkflowDeps {
  readonly store: Pick<Store, 'db' | 'dialect'>;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

/**
 * The failure each refusal of the workflow answers with, from the one error table: its status and the
 * sentence the form shows. The reasons themselves are the services' contract (tests name them).
 */
export const WORKFLOW_FAILURES = {
  not_found: 'PROPOSAL_NOT_FOUND',
  out_of_scope: 'FORBIDDEN',
  not_draft: 'PROPOSAL_NOT_DRAFT',
  nothing_selected: 'PROPOSAL_NOTHING_SELECTED',
  empty: 'PROPOSAL_EMPTY',
  no_officers: 'PROPOSAL_NO_OFFICERS',
  too_many: 'PROPOSAL_TOO_MANY_OFFICERS',
  unknown_zone: 'PROPOSAL_ZONE_REQUIRED',
  ineligible: 'PROPOSAL_OFFICERS_INELIGIBLE',
} as const satisfies Record<string, ErrorCode>;

export type WorkflowRefusal = keyof typeof WORKFLOW_FAILURES;
type Refused<R extends WorkflowRefusal> = { readonly ok: false; readonly reason: R };

export type CreateResult =
  | { readonly ok: true; readonly proposalId: number }
  | Refused<'no_officers' | 'too_many' | 'unknown_zone' | 'out_of_scope'>
  | (Refused<'ineligible'> & {
      readonly problems: readonly { officerId: number; problem: Ineligibility }[];
    });

/**
 * Opens a draft proposal for `zoneId` with the picked officers. Every officer is checked again here, inside
 * the transaction: in the zone, without an account, not already on a pending proposal. One bad pick refuses
 * the whole post and nothing is written.
 */
export async function createProposalFromPicks(
  deps: WorkflowDeps,
  input: { actor: ProposalActor; zoneId: string; officerIds: readonly number[]; ip?: string | null },
): Promise<CreateResult> {
  const ids = [...new Set(input.officerIds)];
  if (ids.length === 0) return { ok: false, reason: 'no_officers' };
  if (ids.length > MAX_PICKS) return { ok: false, reason: 'too_many' };
  if (!reaches(input.actor, { zoneId: input.zoneId, districtId: null }))
    return { ok: false, reason: 'out_of_scope' };
  return deps.store.db.transaction().execute(async (trx): Promise<CreateResult> => {
    if ((await listZones(trx, input.zoneId)).length === 0) return { ok: false, reason: 'unknown_zone' };
    const problems = await findIneligibleOfficers(trx, input.zoneId, ids);
    if (problems.size > 0) {
      return {
        ok: false,
        reason: 'ineligible',
        problems: [...problems].map(([officerId, problem]) => ({ officerId, problem })),
      };
    }
    const proposalId = await insertDraftProposal(trx, {
      zoneId: input.zoneId,
      createdBy: input.actor.accountId,
      now: deps.clock.now(),
    });
    await insertProposalItems(trx, proposalId, ids);
    await deps.audit.append(
      {
        type: 'proposal.created',
        actor: input.actor.userId,
        target: `proposal:${proposalId}`,
        ip: input.ip ?? null,
        detail: { zone: input.zoneId, officers: ids.length, source: 'directory' },
      },
      trx,
    );
    return { ok: true, proposalId };
  });
}

type DraftCheck =
  { readonly ok: true; readonly zoneId: string | null } | Refused<'not_found' | 'out_of_scope' | 'not_draft'>;

/** Locks the proposal and checks that the actor may still change it: theirs to reach, and a draft. */
async function lockDraft(
  trx: Transaction<Database>,
  deps: WorkflowDeps,
  actor: ProposalActor,
  proposalId: number,
): Promise<DraftCheck> {
  const row = await lockProposal(trx, deps.store.dialect, proposalId);
  if (!row) return { ok: false, reason: 'not_found' };
  if (!reaches(actor, { zoneId: row.zoneId, districtId: null })) return { ok: false, reason: 'out_of_scope' };
  if (row.status !== 'draft') return { ok: false, reason: 'not_draft' };
  return { ok: true, zoneId: row.zoneId };
}

export type RemoveResult =
  | { readonly ok: true; readonly removed: number }
  | Refused<'not_found' | 'out_of_scope' | 'not_draft' | 'nothing_selected'>;

/** Takes officers off a draft (only a draft: once submitted, the list is HQ's to decide). */
export async function removeDraftItems(
  deps: WorkflowDeps,
  input: { actor: ProposalActor; proposalId: number; itemIds: readonly number[] },
): Promise<RemoveResult> {
  if (input.itemIds.length === 0) return { ok: false, reason: 'nothing_selected' };
  return deps.store.db.transaction().execute(async (trx): Promise<RemoveResult> => {
    const draft = await lockDraft(trx, deps, input.actor, input.proposalId);
    if (!draft.ok) return draft;
    const removed = await deleteProposalItems(trx, input.proposalId, input.itemIds);
    if (removed > 0) {
      await deps.audit.append(
        {
          type: 'proposal.item_removed',
          actor: input.actor.userId,
          target: `proposal:${input.proposalId}`,
          detail: { removed },
        },
        trx,
      );
    }
    return { ok: true, removed };
  });
}

export type SubmitResult =
  | { readonly ok: true; readonly officers: number }
  | Refused<'not_found' | 'out_of_scope' | 'not_draft' | 'empty'>;

/** Sends a draft to HQ. A proposal is submitted once; an empty one cannot be. */
export async function submitProposal(
  deps: WorkflowDeps,
  input: { actor: ProposalActor; proposalId: number; ip?: string | null },
): Promise<SubmitResult> {
  return deps.store.db.transaction().execute(async (trx): Promise<SubmitResult> => {
    const draft = await lockDraft(trx, deps, input.actor, input.proposalId);
    if (!draft.ok) return draft;
    const counts = await countItemsByDecision(trx, input.proposalId);
    const officers = counts.pending + counts.approved + counts.rejected;
    if (officers === 0) return { ok: false, reason: 'empty' };
    await advanceProposal(trx, input.proposalId, { from: 'draft', to: 'submitted', at: deps.clock.now() });
    await deps.audit.append(
      {
        type: 'proposal.submitted',
        actor: input.actor.userId,
        target: `proposal:${input.proposalId}`,
        ip: input.ip ?? null,
        detail: { zone: draft.zoneId, officers },
      },
      trx,
    );
    return { ok: true, officers };
  });
}
