import type { Insertable, Kysely } from 'kysely';
import type { TicketTable } from '../../src/helpdesk/table.ts';
import type { Database } from '../../src/store/index.ts';

let ticketSeq = 0;

/** The ticket's owner as the table keeps them: account, user ID, district and zone (from the directory). */
async function ownerOf(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'o.district_id')
    .select(['a.id', 'o.district_id as districtId', 'd.zone_id as zoneId'])
    .where('a.user_id', '=', userId)
    .executeTakeFirstOrThrow();
}

/**
 * Inserts a ticket for `userId` straight into the table (the console's tests read queues and pages; the
 * ticket service is tested on its own), numbered `T-2026-9xxxxx` so it never meets the service's numbers.
 * Returns the row's ID and number.
 */
export async function insertTicket(
  db: Kysely<Database>,
  now: number,
  userId: string,
  o: Partial<Insertable<TicketTable>> = {},
): Promise<{ id: number; number: string }> {
  ticketSeq += 1;
  const owner = await ownerOf(db, userId);
  const number = o.number ?? `T-2026-${String(900_000 + ticketSeq)}`;
  const row = await db
    .insertInto('tickets')
    .values({
      number,
      account_id: owner.id,
      user_id: userId,
      district_id: owner.districtId,
      zone_id: owner.zoneId,
      category: 'cannot_log_in',
      priority: 'high',
      status: 'new',
      tier: 'si',
      subject: `Cannot log in (${userId})`,
      created_at: now,
      updated_at: now,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      response_due_at: now + 3_600_000,
      resolution_due_at: now + 8 * 3_600_000,
      response_breached_at: null,
      resolution_breached_at: null,
      escalated_at: null,
      ...o,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('ticket_events')
    .values({
      ticket_id: row.id,
      at: now,
      kind: 'created',
      visibility: 'public',
      author: userId,
      via: 'portal',
      body: 'I cannot log in since this morning.',
      detail: '{}',
    })
    .execute();
  return { id: row.id, number };
}
