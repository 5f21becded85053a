import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * A proposal may cover the whole state (HQ's state-wide import): `proposals.zone_id` becomes nullable.
 * SQLite cannot drop NOT NULL in place, so the table is rebuilt as its documentation prescribes
 * (foreign keys off, copy, drop, rename, indexes back); Kysely runs SQLite migrations outside a transaction.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table proposals alter column zone_id drop not null`.execute(db);
    return;
  }
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`create table proposals_new (
      id integer primary key autoincrement,
      zone_id text references zones(id),
      created_by integer not null references accounts(id),
      status text not null check (status in ('draft', 'submitted', 'decided')),
      note text not null default '',
      created_at bigint not null,
      submitted_at bigint,
      decided_at bigint
    )`.execute(db);
    await sql`insert into proposals_new (id, zone_id, created_by, status, note, created_at, submitted_at, decided_at)
      select id, zone_id, created_by, status, note, created_at, submitted_at, decided_at from proposals`.execute(
      db,
    );
    await sql`drop table proposals`.execute(db);
    await sql`alter table proposals_new rename to proposals`.execute(db);
    await sql`create index proposals_zone_status on proposals (zone_id, status)`.execute(db);
    const broken = await sql<{ table: string }>`pragma foreign_key_check`.execute(db);
    if (broken.rows.length > 0) throw new Error('foreign keys broken by the proposals rebuild');
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export function down(): Promise<void> {
  // Going back would have to delete state-wide proposals; refuse rather than lose them.
  return Promise.reject(new Error('0003-state-wide-proposals cannot be reverted'));
}
