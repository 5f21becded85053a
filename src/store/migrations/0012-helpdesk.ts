import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Issue 11: the helpdesk. The system integrator of each location first, then the helpdesk.
 * - `support_locations`: each district office's system integrator (name, phone, hours).
 * - `holidays`: days the SLA clock does not run (besides Sundays and second and fourth Saturdays).
 * - `sla_targets`: minutes of business time to the first response and to resolution, per priority.
 * - `tickets`, `ticket_events` (public replies, internal notes, changes) and `ticket_attachments`.
 * - `mail_outbox.reply_to`: ticket mails carry an address that brings a reply back to the ticket.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = sql.raw(autoId(db));
  await sql`create table support_locations (
    district_id text primary key references districts(id),
    si_name text not null,
    si_phone text not null,
    si_email text,
    hours_en text not null,
    hours_hi text not null,
    updated_at bigint not null,
    updated_by text not null
  )`.execute(db);
  await sql`create table holidays (
    day text primary key,
    name_en text not null,
    name_hi text not null
  )`.execute(db);
  await sql`create table sla_targets (
    priority text primary key,
    response_minutes integer not null,
    resolution_minutes integer not null
  )`.execute(db);
  await db
    .insertInto('sla_targets')
    .values([
      { priority: 'urgent', response_minutes: 30, resolution_minutes: 240 },
      { priority: 'high', response_minutes: 60, resolution_minutes: 480 },
      { priority: 'normal', response_minutes: 240, resolution_minutes: 960 },
      { priority: 'low', response_minutes: 480, resolution_minutes: 2400 },
    ])
    .execute();
  await sql`create table tickets (
    id ${id},
    number text not null unique,
    account_id integer references accounts(id),
    user_id text not null,
    district_id text,
    zone_id text,
    category text not null,
    priority text not null,
    status text not null,
    tier text not null,
    subject text not null,
    created_at bigint not null,
    updated_at bigint not null,
    first_response_at bigint,
    resolved_at bigint,
    closed_at bigint,
    response_due_at bigint,
    resolution_due_at bigint,
    response_breached_at bigint,
    resolution_breached_at bigint,
    escalated_at bigint
  )`.execute(db);
  await sql`create index tickets_queue on tickets (tier, district_id, status)`.execute(db);
  await sql`create index tickets_account on tickets (account_id, created_at)`.execute(db);
  await sql`create index tickets_response_due on tickets (response_due_at)`.execute(db);
  await sql`create index tickets_resolution_due on tickets (resolution_due_at)`.execute(db);
  await sql`create table ticket_events (
    id ${id},
    ticket_id integer not null references tickets(id) on delete cascade,
    at bigint not null,
    kind text not null,
    visibility text not null,
    author text not null,
    via text not null,
    body text not null default '',
    detail text not null default '{}'
  )`.execute(db);
  await sql`create index ticket_events_ticket on ticket_events (ticket_id, id)`.execute(db);
  await sql`create table ticket_attachments (
    id ${id},
    ticket_id integer not null references tickets(id) on delete cascade,
    event_id integer references ticket_events(id),
    file_name text not null,
    content_type text not null,
    size integer not null,
    sha256 text not null,
    uploaded_by text not null,
    uploaded_at bigint not null
  )`.execute(db);
  await sql`create index ticket_attachments_ticket on ticket_attachments (ticket_id)`.execute(db);
  await db.schema.alterTable('mail_outbox').addColumn('reply_to', 'text').execute();
}

function autoId(db: Kysely<any>): string {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? 'serial primary key'
    : 'integer primary key autoincrement';
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'ticket_attachments',
    'ticket_events',
    'tickets',
    'sla_targets',
    'holidays',
    'support_locations',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
