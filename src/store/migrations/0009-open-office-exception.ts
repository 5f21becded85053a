import type { Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * HQ may approve an officer whose district office is open, as an exception with a reason. The reason was kept
 * on the proposal item only, so the policy never saw it and the approved officer was refused as "office open".
 * The account now carries it, and the access policy reads it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('open_office_exception', 'text').execute();
  // Exceptions approved before this migration: copy the reason from the approved item to its account.
  const approved: { account_id: number; open_office_exception: string }[] = await db
    .selectFrom('proposal_items')
    .select(['account_id', 'open_office_exception'])
    .where('decision', '=', 'approved')
    .where('open_office_exception', 'is not', null)
    .where('account_id', 'is not', null)
    .execute();
  for (const row of approved) {
    await db
      .updateTable('accounts')
      .set({ open_office_exception: row.open_office_exception })
      .where('id', '=', row.account_id)
      .execute();
  }
}
