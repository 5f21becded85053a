import type { Transaction } from 'kysely';
import { enqueueGuideMails } from '../../guide/index.ts';
import type { Database } from '../../store/index.ts';
import { advanceProposal, countItemsByDecision } from '../repository.ts';
import type { DecideDeps, Decider } from './decide-apply.ts';
import { notifyProposer } from './notify-proposer.ts';
import { listApprovedZones } from './repository.ts';

/**
 * Marks the proposal decided once no item is pending, notifies the proposer, sends the user guide to the
 * zone's zonal heads and joint commissioners when anyone was approved, and audits it.
 * Returns whether the proposal was closed by this call.
 */
export async function closeIfAllDecided(
  trx: Transaction<Database>,
  deps: DecideDeps,
  input: { proposalId: number; by: Decider; ip: string | null },
): Promise<{ decided: boolean; proposerNotified: boolean }> {
  const counts = await countItemsByDecision(trx, input.proposalId);
  if (counts.pending > 0) return { decided: false, proposerNotified: false };
  const step = { from: 'submitted', to: 'decided', at: deps.clock.now() } as const;
  if (!(await advanceProposal(trx, input.proposalId, step)))
    return { decided: false, proposerNotified: false };
  const proposerNotified = await notifyProposer(trx, deps, input.proposalId);
  // The circular sent the user manual to the zone's zonal heads and joint commissioners: so does approval.
  let guideRecipients = 0;
  for (const zone of await listApprovedZones(trx, input.proposalId)) {
    guideRecipients += await enqueueGuideMails(trx, deps, zone, input.by.userId);
  }
  await deps.audit.append(
    {
      type: 'proposal.decided',
      actor: input.by.userId,
      target: `proposal:${input.proposalId}`,
      ip: input.ip,
      detail: {
        approved: counts.approved,
        rejected: counts.rejected,
        proposer_notified: proposerNotified,
        guide_recipients: guideRecipients,
      },
    },
    trx,
  );
  return { decided: true, proposerNotified };
}
