import type { Kysely } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database>;

/** The ticket a reply address names, with its officer's registered e-mail; undefined when there is none. */
export function findReplyTarget(db: Db, number: string) {
  return db
    .selectFrom('tickets')
    .leftJoin('accounts', 'accounts.id', 'tickets.account_id')
    .leftJoin('officers', 'officers.id', 'accounts.officer_id')
    .select((eb) => [
      'tickets.id as id',
      'tickets.number as number',
      'tickets.status as status',
      'tickets.account_id as accountId',
      'tickets.user_id as userId',
      // The registered address as the ticket's mail uses it: the account's, else the directory's.
      eb.fn.coalesce('accounts.email', 'officers.email').as('email'),
    ])
    .where('tickets.number', '=', number)
    .executeTakeFirst();
}

/** The `detail` JSON of every event that came in by mail on this ticket (where Message-IDs are kept). */
export async function findMailEventDetails(db: Db, ticketId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('ticket_events')
    .select('detail')
    .where('ticket_id', '=', ticketId)
    .where('via', '=', 'mail')
    .execute();
  return rows.map((r) => r.detail);
}

/** Sets an event's `detail` (the service wrote the event; the listener adds the Message-ID to it). */
export async function updateEventDetail(db: Db, eventId: number, detail: string): Promise<void> {
  await db.updateTable('ticket_events').set({ detail }).where('id', '=', eventId).execute();
}
