import type { Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Mail claims name their holder, so a restarted node gives back what its previous life held instead of
 * waiting out the lease; and each outbox row gets a random key for a Message-ID that stays the same on
 * every attempt, so a receiver can drop a duplicate (issue 7 item 18).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('claim_node', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('claim_run', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('message_key', 'text').execute();
}
