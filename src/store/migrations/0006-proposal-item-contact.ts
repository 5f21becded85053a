import type { Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The e-mail address and mobile a proposal gave for each officer (the CSV row's; null when the officer was
 * picked from the directory), so HQ's review can flag an officer whose proposal disagrees with the
 * directory the activation mail goes to (issue 7 item 10).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('proposal_items').addColumn('proposed_email', 'text').execute();
  await db.schema.alterTable('proposal_items').addColumn('proposed_mobile', 'text').execute();
}
