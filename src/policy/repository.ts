import type { Insertable, Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';
import type { PolicyVersionTable } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertPolicyVersion(db: Db, row: Insertable<PolicyVersionTable>): Promise<void> {
  await db.insertInto('policy_versions').values(row).execute();
}
