import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Migrations use Kysely<any> on purpose: they describe history and must not import app types.
/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Issue 9: the access policy as a file, passkeys, device trust and session control.
 * - `policy_versions`: every load of the policy file, applied or rejected, with its hash and text.
 * - `webauthn_credentials`: passkeys and security keys, by credential ID; the public key only.
 * - `devices` learn whose they are, a name, the browser, and the inspector's public key (Ed25519, SPKI).
 * - `sessions` record which second factor opened them and the inspector's last verified report.
 * - `resources` goes: resources are declared in the policy file, with their rules, and nowhere else.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table policy_versions (
    id ${sql.raw(autoId(db))},
    hash text not null,
    source text not null,
    loaded_at bigint not null,
    outcome text not null,
    errors text,
    trigger text not null,
    node text
  )`.execute(db);
  await sql`create index policy_versions_loaded on policy_versions (loaded_at)`.execute(db);

  await sql`create table webauthn_credentials (
    id text primary key,
    account_id integer not null references accounts(id) on delete cascade,
    public_key text not null,
    counter bigint not null default 0,
    transports text not null default '[]',
    name text not null,
    device_type text,
    backed_up integer not null default 0,
    created_at bigint not null,
    last_used_at bigint
  )`.execute(db);
  await sql`create index webauthn_credentials_account on webauthn_credentials (account_id)`.execute(db);

  await db.schema.alterTable('devices').addColumn('account_id', 'integer').execute();
  await db.schema.alterTable('devices').addColumn('name', 'text').execute();
  await db.schema.alterTable('devices').addColumn('browser', 'text').execute();
  await db.schema.alterTable('devices').addColumn('revoked_by', 'text').execute();
  await db.schema.alterTable('devices').addColumn('inspector_key', 'text').execute();
  await db.schema.alterTable('devices').addColumn('inspector_key_at', 'bigint').execute();
  await sql`create index devices_account on devices (account_id)`.execute(db);

  await db.schema.alterTable('sessions').addColumn('mfa_method', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('posture', 'text').execute();
  await db.schema.alterTable('sessions').addColumn('posture_at', 'bigint').execute();
  await sql`create index sessions_device on sessions (device_id)`.execute(db);

  await db.schema.dropTable('resources').execute();
}

function autoId(db: Kysely<any>): string {
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? 'serial primary key'
    : 'integer primary key autoincrement';
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webauthn_credentials').execute();
  await db.schema.dropTable('policy_versions').execute();
}
