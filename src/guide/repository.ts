import type { Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

/** The zone's active zonal heads and joint commissioners that have an e-mail address. */
export function findGuideRecipients(trx: Transaction<Database>, zoneId: string) {
  return trx
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('scope_zone_id', '=', zoneId)
    .where('role', 'in', ['zonal_head', 'joint_commissioner'])
    .where('status', '=', 'active')
    .where('email', 'is not', null)
    .where('email', '!=', '')
    .orderBy('id')
    .execute();
}
