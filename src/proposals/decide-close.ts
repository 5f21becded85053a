import type { Transaction } from 'kysely';
import type { Database } from '../store/database.ts';
import type { DecideDeps, Decider } from './decide-apply.ts';
import { notifyProposer } from './notify-proposer.ts';
import type { ItemDecision } from './table.ts';

/**
 * Marks the proposal decided once no item is pending, notifies the proposer and audits it.
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
      },
    },
    trx,
  );
  return { decided: true, proposerNotified };
}
