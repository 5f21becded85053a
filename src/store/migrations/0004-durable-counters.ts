import { sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Sign-in state that must survive a restart when no Redis is configured: failure counters and locks
 * (`sign_in_counters`, expiring rows), and the last TOTP time step each account used (RFC 6238 §5.2: a
 * code at or before it is refused, so a code cannot be replayed after a restart).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table sign_in_counters (
    key varchar(200) primary key,
    value bigint not null,
    expires_at bigint not null
  )`.execute(db);
  await sql`create index sign_in_counters_expires on sign_in_counters (expires_at)`.execute(db);
  await sql`create table totp_last_steps (
    account_id integer primary key references accounts(id) on delete cascade,
    last_step bigint not null
  )`.execute(db);
}
