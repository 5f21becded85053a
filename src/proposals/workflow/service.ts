import type { Transaction } from 'kysely';
import { reaches, type Staff } from '../../policy/index.ts';
import type { AuditLog } from '../../audit/index.ts';
import type { Clock } from '../../clock.ts';
import type { Database, Store } from '../../store/index.ts';
import { findIneligibleOfficers, MAX_PICKS, type Ineligibility } from './eligible-officers.ts';
import { insertDraftProposal, insertProposalItems } from '../store.ts';

/** Who is acting, with the reach of the permission the action needs (`proposal.create`). */
export type ProposalActor = Pick<Staff, 'accountId' | 'userId' | 'scope' | 'zoneId' | 'districtId'>;

/** What the proposal workflow needs. */
export interface WorkflowDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
}

type ServiceDeps = WorkflowDeps;

export type CreateResult =
  | { readonly ok: true; readonly proposalId: number }
  | { readonly ok: false; readonly reason: 'no_officers' | 'too_many' | 'unknown_zone' | 'out_of_scope' }
  | {
      readonly ok: false;
      readonly reason: 'ineligible';
      readonly problems: readonly { officerId: number; problem: Ineligibility }[];
    };

/**
 * Opens a draft proposal for `zoneId` with the picked officers. Every officer is checked again here, inside
 * the transaction: in the zone, without an account, not already on a pending proposal. One bad pick refuses
 * the whole post and nothing is written.
 */
export async function createProposalFromPicks(
  deps: ServiceDeps,
  input: { actor: ProposalActor; zoneId: string; officerIds: readonly number[]; ip?: string | null },
): Promise<CreateResult> {
  const ids = [...new Set(input.officerIds)];
  if (ids.length === 0) return { ok: false, reason: 'no_officers' };
  if (ids.length > MAX_PICKS) return { ok: false, reason: 'too_many' };
  if (!reaches(input.actor, { zoneId: input.zoneId, districtId: null }))
    return { ok: false, reason: 'out_of_scope' };
  return deps.store.db.transaction().execute(async (trx): Promise<CreateResult> => {
    const zone = await trx.selectFrom('zones').select('id').where('id', '=', input.zoneId).executeTakeFirst();
    if (!zone) return { ok: false, reason: 'unknown_zone' };
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
  | { readonly ok: true; readonly zoneId: string | null }
  | { readonly ok: false; readonly reason: 'not_found' | 'out_of_scope' | 'not_draft' };

async function lockDraft(
  trx: Transaction<Database>,
  deps: Pick<WorkflowDeps, 'store'>,
  actor: ProposalActor,
  proposalId: number,
): Promise<DraftCheck> {
  const q = trx.selectFrom('proposals').select(['zone_id', 'status']).where('id', '=', proposalId);
  const row = await (deps.store.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  if (!row) return { ok: false, reason: 'not_found' };
  if (!reaches(actor, { zoneId: row.zone_id, districtId: null }))
    return { ok: false, reason: 'out_of_scope' };
  if (row.status !== 'draft') return { ok: false, reason: 'not_draft' };
  return { ok: true, zoneId: row.zone_id };
}

export type RemoveResult =
  | { readonly ok: true; readonly removed: number }
  | { readonly ok: false; readonly reason: 'not_found' | 'out_of_scope' | 'not_draft' | 'nothing_selected' };

/** Takes officers off a draft (only a draft: once submitted, the list is HQ's to decide). */
export async function removeDraftItems(
  deps: ServiceDeps,
  input: { actor: ProposalActor; proposalId: number; itemIds: readonly number[] },
): Promise<RemoveResult> {
  if (input.itemIds.length === 0) return { ok: false, reason: 'nothing_selected' };
  return deps.store.db.transaction().execute(async (trx): Promise<RemoveResult> => {
    const draft = await lockDraft(trx, deps, input.actor, input.proposalId);
    if (!draft.ok) return draft;
    const res = await trx
      .deleteFrom('proposal_items')
      .where('proposal_id', '=', input.proposalId)
      .where('id', 'in', [...new Set(input.itemIds)])
      .executeTakeFirst();
    const removed = Number(res.numDeletedRows);
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
  | { readonly ok: false; readonly reason: 'not_found' | 'out_of_scope' | 'not_draft' | 'empty' };

/** Sends a draft to HQ. A proposal is submitted once; an empty one cannot be. */
export async function submitProposal(
  deps: ServiceDeps,
  input: { actor: ProposalActor; proposalId: number; ip?: string | null },
): Promise<SubmitResult> {
  return deps.store.db.transaction().execute(async (trx): Promise<SubmitResult> => {
    const draft = await lockDraft(trx, deps, input.actor, input.proposalId);
    if (!draft.ok) return draft;
    const count = await trx
      .selectFrom('proposal_items')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('proposal_id', '=', input.proposalId)
      .executeTakeFirstOrThrow();
    const officers = Number(count.n);
    if (officers === 0) return { ok: false, reason: 'empty' };
    await trx
      .updateTable('proposals')
      .set({ status: 'submitted', submitted_at: deps.clock.now() })
      .where('id', '=', input.proposalId)
      .where('status', '=', 'draft')
      .execute();
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
