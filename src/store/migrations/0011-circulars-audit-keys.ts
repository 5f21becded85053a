import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Issue 10: circulars, versioned acknowledgements, and an audit trail an insider cannot rewrite.
 * - `audit_events.mac` / `audit_head.mac`: HMAC under a key derived from the root secret (never stored
 *   here); null on rows written before this migration until the node that holds the secret keys them.
 * - `audit_checkpoints`: Ed25519-signed (sequence, head hash, time), also appended to a file outside.
 * - `audit_cursors`: how far each reader of the trail (shipping, anomaly detection) has got, shared by nodes.
 * - `audit_anomalies`: what the detector flagged, and when HQ was mailed.
 * - `documents` learn their content hash and publisher; `acknowledgements` where they came from.
 * - `circulars` and their audiences, recipients, attachments and zonal attestations.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const id = sql.raw(autoId(db));
  await db.schema.alterTable('audit_events').addColumn('mac', 'text').execute();
  await db.schema.alterTable('audit_head').addColumn('mac', 'text').execute();
  await sql`create table audit_checkpoints (
    id ${id},
    seq bigint not null unique,
    hash text not null,
    at bigint not null,
    signature text not null,
    key_id text not null,
    node text
  )`.execute(db);
  await sql`create table audit_cursors (
    name text primary key,
    seq bigint not null,
    updated_at bigint not null
  )`.execute(db);
  await sql`create table audit_anomalies (
    id ${id},
    kind text not null,
    subject text not null,
    detected_at bigint not null,
    event_seq bigint not null,
    detail text not null,
    notified_at bigint
  )`.execute(db);
  await sql`create index audit_anomalies_detected on audit_anomalies (detected_at)`.execute(db);
  await sql`create unique index audit_anomalies_once on audit_anomalies (kind, subject, event_seq)`.execute(
    db,
  );
  // Searches by person and by time.
  await sql`create index audit_events_actor on audit_events (actor, seq)`.execute(db);
  await sql`create index audit_events_target on audit_events (target, seq)`.execute(db);
  await sql`create index audit_events_at on audit_events (at)`.execute(db);

  await db.schema.alterTable('documents').addColumn('content_hash', 'text').execute();
  await db.schema.alterTable('documents').addColumn('published_by', 'text').execute();
  await db.schema.alterTable('acknowledgements').addColumn('ip', 'text').execute();
  await db.schema.alterTable('acknowledgements').addColumn('channel', 'text').execute();
  await sql`create index acknowledgements_account on acknowledgements (account_id, document_id)`.execute(db);

  await sql`create table circulars (
    id ${id},
    number text not null unique,
    issued_on text not null,
    subject_en text not null,
    subject_hi text not null,
    body_en text not null,
    body_hi text not null,
    authority_en text not null,
    authority_hi text not null,
    copy_to_en text not null default '',
    copy_to_hi text not null default '',
    status text not null,
    ack_required integer not null default 1,
    ack_deadline bigint,
    gates_access integer not null default 0,
    document_kind text,
    created_by text not null,
    created_at bigint not null,
    updated_at bigint not null,
    issued_by text,
    issued_at bigint
  )`.execute(db);
  await sql`create table circular_audiences (
    id ${id},
    circular_id integer not null references circulars(id) on delete cascade,
    kind text not null,
    role text,
    zone_id text,
    district_id text
  )`.execute(db);
  await sql`create index circular_audiences_circular on circular_audiences (circular_id)`.execute(db);
  await sql`create table circular_recipients (
    circular_id integer not null references circulars(id) on delete cascade,
    account_id integer not null references accounts(id),
    kind text not null,
    zone_id text,
    district_id text,
    mailed_at bigint,
    read_at bigint,
    acknowledged_at bigint,
    ack_ip text,
    reminded_at bigint,
    primary key (circular_id, account_id)
  )`.execute(db);
  await sql`create index circular_recipients_account on circular_recipients (account_id)`.execute(db);
  await sql`create table circular_attachments (
    id ${id},
    circular_id integer not null references circulars(id) on delete cascade,
    file_name text not null,
    content_type text not null,
    size integer not null,
    sha256 text not null,
    uploaded_by text not null,
    uploaded_at bigint not null
  )`.execute(db);
  await sql`create index circular_attachments_circular on circular_attachments (circular_id)`.execute(db);
  await sql`create table circular_attestations (
    circular_id integer not null references circulars(id) on delete cascade,
    zone_id text not null,
    account_id integer not null references accounts(id),
    attested_at bigint not null,
    note text not null default '',
    primary key (circular_id, zone_id)
  )`.execute(db);
}

function autoId(db: Kysely<any>): string {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? 'serial primary key'
    : 'integer primary key autoincrement';
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'circular_attestations',
    'circular_attachments',
    'circular_recipients',
    'circular_audiences',
    'circulars',
    'audit_anomalies',
    'audit_cursors',
    'audit_checkpoints',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
