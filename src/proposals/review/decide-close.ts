import type { Transaction } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { DecideDeps, Decider } from './decide-apply.ts';
import { enqueueGuideMails } from '../../guide/index.ts';
import { notifyProposer } from './notify-proposer.ts';
import type { ItemDecision } from '../table.ts';

/** The zones whose officers were approved on this proposal (one for a zonal proposal; many state-wide). */
async function approvedZones(trx: Transaction<Database>, proposalId: number): Promise<string[]> {
  const rows = await trx
    .selectFrom('proposal_items as pi')
    .innerJoin('officers as o', 'o.id', 'pi.officer_id')
    .innerJoin('districts as d', 'd.id', 'o.district_id')
    .select('d.zone_id')
    .distinct()
    .where('pi.proposal_id', '=', proposalId)
    .where('pi.decision', '=', 'approved')
    .orderBy('d.zone_id')
    .execute();
  return rows.map((r) => r.zone_id);
}

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
  const rows = await trx
    .selectFrom('proposal_items')
    .select(['decision', (eb) => eb.fn.countAll().as('n')])
    .where('proposal_id', '=', input.proposalId)
    .groupBy('decision')
    .execute();
  const count = (d: ItemDecision) => Number(rows.find((r) => r.decision === d)?.n ?? 0);
  if (count('pending') > 0) return { decided: false, proposerNotified: false };
  const res = await trx
    .updateTable('proposals')
    .set({ status: 'decided', decided_at: deps.clock.now() })
    .where('id', '=', input.proposalId)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
  if (res.numUpdatedRows !== 1n) return { decided: false, proposerNotified: false };
  const proposerNotified = await notifyProposer(trx, deps, input.proposalId);
  // The circular sent the user manual to the zone's zonal heads and joint commissioners: so does approval.
  let guideRecipients = 0;
  for (const zone of await approvedZones(trx, input.proposalId)) {
    guideRecipients += await enqueueGuideMails(trx, deps, zone, input.by.userId);
  }
  await deps.audit.append(
    {
      type: 'proposal.decided',
      actor: input.by.userId,
      target: `proposal:${input.proposalId}`,
      ip: input.ip,
      detail: {
        approved: count('approved'),
        rejected: count('rejected'),
        proposer_notified: proposerNotified,
        guide_recipients: guideRecipients,
      },
    },
    trx,
  );
  return { decided: true, proposerNotified };
}
