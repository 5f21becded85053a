import type { Insertable, Kysely } from 'kysely';
import type { Database } from '../store/index.ts';
import type { SigningKeyTable } from './table.ts';

/** The assertion signing keys, newest first (retired ones stay listed for the JWKS). */
export function listSigningKeys(db: Kysely<Database>) {
  return db.selectFrom('signing_keys').selectAll().orderBy('created_at', 'desc').execute();
}

/** Adds a signing key; a key with the same ID made by another node at the same moment wins. */
export async function insertSigningKey(
  db: Kysely<Database>,
  key: Insertable<SigningKeyTable>,
): Promise<void> {
  await db
    .insertInto('signing_keys')
    .values(key)
    .onConflict((oc) => oc.doNothing())
    .execute();
}
