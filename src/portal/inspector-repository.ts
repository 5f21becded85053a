import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A trusted device as the inspector's routes see it: whether it is revoked, and its inspector key. */
export function findDeviceInspector(db: Db, id: string) {
  return db
    .selectFrom('devices')
    .select(['id', 'revoked_at', 'inspector_key', 'inspector_key_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Registers the inspector's public key on a device that is live and has none yet. A device's key is set
 * once: trusting the site again makes a new device, and only that one can be paired anew. Returns false
 * when nothing matched (revoked, already paired, or gone).
 */
export async function setDeviceInspectorKey(
  db: Db,
  id: string,
  publicKey: string,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('devices')
    .set({ inspector_key: publicKey, inspector_key_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('inspector_key', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
