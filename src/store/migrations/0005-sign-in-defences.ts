import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * One-time unlock links mailed to an account's owner when sign-ins from unknown devices get locked. Only
 * the SHA-256 of the token is stored; a row is used once and expires.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table unlock_tokens (
    token_hash char(64) primary key,
    account_id integer not null references accounts(id) on delete cascade,
    created_at bigint not null,
    expires_at bigint not null,
    used_at bigint
  )`.execute(db);
  await sql`create index unlock_tokens_account on unlock_tokens (account_id)`.execute(db);
}
