import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { WebauthnCredentialTable } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A passkey or security key as the rest of Dwaar sees it (camelCase; the public key stays here). */
export interface Passkey {
  readonly id: string;
  readonly accountId: number;
  readonly name: string;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly publicKey: string;
  readonly deviceType: string | null;
  readonly backedUp: boolean;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

function parseTransports(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function toPasskey(r: Selectable<WebauthnCredentialTable>): Passkey {
  return {
    id: r.id,
    accountId: r.account_id,
    name: r.name,
    counter: r.counter,
    transports: parseTransports(r.transports),
    publicKey: r.public_key,
    deviceType: r.device_type,
    backedUp: r.backed_up === 1,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
  };
}

/** The account's passkeys, oldest first. */
export async function findPasskeys(db: Db, accountId: number): Promise<Passkey[]> {
  const rows = await db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toPasskey);
}

export async function countPasskeys(db: Db, accountId: number): Promise<number> {
  const row = await db
    .selectFrom('webauthn_credentials')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** One passkey, only when it belongs to `accountId`: another person's is the same as none. */
export async function findOwnPasskey(db: Db, accountId: number, id: string): Promise<Passkey | undefined> {
  const row = await db
    .selectFrom('webauthn_credentials')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? toPasskey(row) : undefined;
}

export async function passkeyIdTaken(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('webauthn_credentials')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertPasskey(db: Db, p: Omit<Passkey, 'lastUsedAt'>): Promise<Passkey> {
  await db
    .insertInto('webauthn_credentials')
    .values({
      id: p.id,
      account_id: p.accountId,
      public_key: p.publicKey,
      counter: p.counter,
      transports: JSON.stringify(p.transports),
      name: p.name,
      device_type: p.deviceType,
      backed_up: p.backedUp ? 1 : 0,
      created_at: p.createdAt,
      last_used_at: null,
    })
    .execute();
  return { ...p, lastUsedAt: null };
}

/**
 * Records a use: the new signature counter and the time. Conditional on the counter read before the check,
 * so of two requests racing with one assertion only one succeeds. Returns false when the row moved on.
 */
export async function recordPasskeyUse(
  db: Db,
  p: { id: string; accountId: number; previousCounter: number; counter: number; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('webauthn_credentials')
    .set({ counter: p.counter, last_used_at: p.now })
    .where('id', '=', p.id)
    .where('account_id', '=', p.accountId)
    .where('counter', '=', p.previousCounter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function renamePasskeyRow(
  db: Db,
  accountId: number,
  id: string,
  name: string,
): Promise<boolean> {
  const result = await db
    .updateTable('webauthn_credentials')
    .set({ name })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deletePasskeyRow(db: Db, accountId: number, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webauthn_credentials')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Removes every passkey of the account; returns how many there were. */
export async function deleteAllPasskeys(db: Db, accountId: number): Promise<number> {
  const result = await db
    .deleteFrom('webauthn_credentials')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
