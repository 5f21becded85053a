import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

/** Opens a draft proposal for a zone (or, with a null zone, the whole state); returns its ID. */
export async function insertDraftProposal(
  trx: Transaction<Database>,
  input: { zoneId: string | null; createdBy: number; note?: string; now: number },
): Promise<number> {
  const row = await trx
    .insertInto('proposals')
    .values({
      zone_id: input.zoneId,
      created_by: input.createdBy,
      status: 'draft',
      note: input.note ?? '',
      created_at: input.now,
      submitted_at: null,
      decided_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds officers to a proposal as pending items; officers already on it are left as they are. */
export async function insertProposalItems(
  trx: Transaction<Database>,
  proposalId: number,
  officerIds: readonly number[],
): Promise<void> {
  const unique = [...new Set(officerIds)];
  for (let i = 0; i < unique.length; i += 500) {
    await trx
      .insertInto('proposal_items')
      .values(
        unique.slice(i, i + 500).map((officerId) => ({
          proposal_id: proposalId,
          officer_id: officerId,
          decision: 'pending' as const,
          reason: null,
          open_office_exception: null,
          decided_by: null,
          decided_at: null,
          account_id: null,
        })),
      )
      .onConflict((oc) => oc.columns(['proposal_id', 'officer_id']).doNothing())
      .execute();
  }
}
