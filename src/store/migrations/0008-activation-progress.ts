import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * An activation's progress, one row per link (issue 8 item 2): what the officer has done so far, kept for
 * the link's lifetime so that opening the same link again resumes at the first unfinished step, with the
 * same authenticator key. The TOTP secret and the recovery codes stay sealed (keyring `totp-encryption`),
 * the password is an argon2id hash; the row is deleted when the activation completes.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table activation_progress (
    token_id integer primary key references account_tokens(id) on delete cascade,
    account_id integer not null references accounts(id) on delete cascade,
    started_at bigint not null,
    updated_at bigint not null,
    ack_document_id integer,
    ack_version integer,
    password_hash text,
    totp_sealed text,
    totp_confirmed integer not null default 0,
    recovery_sealed text
  )`.execute(db);
  await sql`create index activation_progress_account on activation_progress (account_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('activation_progress').execute();
}
