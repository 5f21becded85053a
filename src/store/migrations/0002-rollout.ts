import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

function idColumn(
  db: Kysely<any>,
): ['serial' | 'integer', (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder] {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return pg ? ['serial', (c) => c.primaryKey()] : ['integer', (c) => c.primaryKey().autoIncrement()];
}

/** Proposals, provisioning, activation, mail outbox and district status history. */
export async function up(db: Kysely<any>): Promise<void> {
  const [idType, idSpec] = idColumn(db);

  // Staff accounts (zonal heads, joint commissioners…) have no officer row but do receive mail.
  await db.schema.alterTable('accounts').addColumn('email', 'text').execute();
  // Set when access is ending for a reason other than valid_until (e.g. the district office reopened).
  await db.schema.alterTable('accounts').addColumn('access_ends_at', 'bigint').execute();

  await db.schema
    .createTable('district_status_history')
    .addColumn('id', idType, idSpec)
    .addColumn('district_id', 'text', (c) => c.notNull().references('districts.id'))
    .addColumn('office_status', 'text', (c) => c.notNull().check(sql`office_status in ('open', 'closed')`))
    .addColumn('order_no', 'text', (c) => c.notNull())
    .addColumn('order_date', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('district_status_history_district')
    .on('district_status_history')
    .columns(['district_id', 'changed_at'])
    .execute();

  await db.schema
    .createTable('proposals')
    .addColumn('id', idType, idSpec)
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id'))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'submitted', 'decided')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('submitted_at', 'bigint')
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('proposals_zone_status')
    .on('proposals')
    .columns(['zone_id', 'status'])
    .execute();

  await db.schema
    .createTable('proposal_items')
    .addColumn('id', idType, idSpec)
    .addColumn('proposal_id', 'integer', (c) => c.notNull().references('proposals.id'))
    .addColumn('officer_id', 'integer', (c) => c.notNull().references('officers.id'))
    .addColumn('decision', 'text', (c) =>
      c.notNull().check(sql`decision in ('pending', 'approved', 'rejected')`),
    )
    .addColumn('reason', 'text')
    .addColumn('open_office_exception', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('decided_at', 'bigint')
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id'))
    .addUniqueConstraint('proposal_items_unique_officer', ['proposal_id', 'officer_id'])
    .execute();
  await db.schema.createIndex('proposal_items_officer').on('proposal_items').column('officer_id').execute();

  await db.schema
    .createTable('account_tokens')
    .addColumn('id', idType, idSpec)
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('activation', 'reset')`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('superseded_at', 'bigint')
    .execute();
  await db.schema.createIndex('account_tokens_account').on('account_tokens').column('account_id').execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', idType, idSpec)
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('recovery_codes_account').on('recovery_codes').column('account_id').execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', idType, idSpec)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    // Bodies may hold one-time links, so they are stored sealed and erased once sent.
    .addColumn('body_sealed', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('mail_outbox_due')
    .on('mail_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'mail_outbox',
    'recovery_codes',
    'account_tokens',
    'proposal_items',
    'proposals',
    'district_status_history',
  ]) {
    await db.schema.dropTable(t).execute();
  }
  await db.schema.alterTable('accounts').dropColumn('access_ends_at').execute();
  await db.schema.alterTable('accounts').dropColumn('email').execute();
}
