import { lockProposal } from '../repository.ts';
import {
  approveItem,
  rejectItem,
  type ApprovedAccount,
  type DecideDeps,
  type Decider,
} from './decide-apply.ts';
import { closeIfAllDecided } from './decide-close.ts';
import { checkDecision, classifyReplay, type DecisionProblem, type DecisionRequest } from './decide-rules.ts';
import { refusalFor, type Closing, type ProposalRefusal } from './decide-service.ts';
import { listDecisionItems, type DecisionItem } from './repository.ts';

/** What happened to one officer of a table of decisions. */
export type ManyOutcome =
  | { readonly officer: DecisionItem; readonly outcome: 'approved'; readonly account: ApprovedAccount }
  | { readonly officer: DecisionItem; readonly outcome: 'rejected' }
  | { readonly officer: DecisionItem; readonly outcome: 'already_approved' | 'already_rejected' };

export type DecideManyResult =
  | { ok: true; outcomes: ManyOutcome[]; proposal: Closing }
  | { ok: false; reason: ProposalRefusal }
  | {
      ok: false;
      reason: 'conflict';
      conflicts: { officer: DecisionItem; current: 'approved' | 'rejected' }[];
    }
  | { ok: false; reason: 'invalid'; invalid: { officer: DecisionItem; problems: DecisionProblem[] }[] };

/**
 * Records HQ's decisions on several officers of one proposal in one transaction: all of them or none. Each is
 * checked again against the officer as stored now (decided meanwhile, office reopened): a contradiction or an
 * invalid decision leaves everything unchanged; a repeat is reported as "already". The last decision closes
 * the proposal and notifies the proposer, as one decision does.
 */
export async function decideMany(
  deps: DecideDeps,
  input: {
    proposalId: number;
    decisions: readonly { itemId: number; request: DecisionRequest }[];
    by: Decider;
    ip?: string | null;
  },
): Promise<DecideManyResult> {
  const ip = input.ip ?? null;
  return deps.store.db.transaction().execute(async (trx): Promise<DecideManyResult> => {
    const refusal = refusalFor(await lockProposal(trx, deps.store.dialect, input.proposalId), input.by);
    if (refusal) return { ok: false, reason: refusal };
    const ids = input.decisions.map((d) => d.itemId);
    const officers = new Map((await listDecisionItems(trx, input.proposalId, ids)).map((o) => [o.itemId, o]));
    if (ids.length === 0 || ids.some((id) => !officers.has(id))) return { ok: false, reason: 'not_found' };

    // Everything is read and checked before anything is written, so a refusal changes nothing.
    const plan: { officer: DecisionItem; request: DecisionRequest; repeat?: ManyOutcome }[] = [];
    const conflicts: { officer: DecisionItem; current: 'approved' | 'rejected' }[] = [];
    const invalid: { officer: DecisionItem; problems: DecisionProblem[] }[] = [];
    for (const d of input.decisions) {
      const officer = officers.get(d.itemId);
      if (!officer) continue;
      const replay = classifyReplay(officer.decision, d.request.decision);
      if (replay === 'already_approved' || replay === 'already_rejected') {
        plan.push({ officer, request: d.request, repeat: { officer, outcome: replay } });
        continue;
      }
      if (replay === 'conflict' && officer.decision !== 'pending') {
        conflicts.push({ officer, current: officer.decision });
        continue;
      }
      const problems = checkDecision(d.request, officer.officeStatus);
      if (problems.length > 0) invalid.push({ officer, problems });
      else plan.push({ officer, request: d.request });
    }
    if (conflicts.length > 0) return { ok: false, reason: 'conflict', conflicts };
    if (invalid.length > 0) return { ok: false, reason: 'invalid', invalid };

    const outcomes: ManyOutcome[] = [];
    for (const { officer, request, repeat } of plan) {
      if (repeat) {
        outcomes.push(repeat);
        continue;
      }
      const base = { proposalId: input.proposalId, item: officer, by: input.by, ip };
      if (request.decision === 'reject') {
        await rejectItem(trx, deps, { ...base, reason: request.reason });
        outcomes.push({ officer, outcome: 'rejected' });
      } else {
        const account = await approveItem(trx, deps, {
          ...base,
          exceptionReason: officer.officeStatus === 'open' ? request.exceptionReason : null,
          validUntil: request.validUntil,
        });
        outcomes.push({ officer, outcome: 'approved', account });
      }
    }
    const changed = outcomes.some((o) => o.outcome === 'approved' || o.outcome === 'rejected');
    const proposal = changed
      ? await closeIfAllDecided(trx, deps, { proposalId: input.proposalId, by: input.by, ip })
      : { decided: false, proposerNotified: false };
    return { ok: true, outcomes, proposal };
  });
}
