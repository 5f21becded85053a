import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface SlaTargetRow {
  readonly priority: string;
  readonly responseMinutes: number;
  readonly resolutionMinutes: number;
}

/** The SLA targets as stored, one per priority. */
export function listSlaTargets(db: Db): Promise<SlaTargetRow[]> {
  return db
    .selectFrom('sla_targets')
    .select(['priority', 'response_minutes as responseMinutes', 'resolution_minutes as resolutionMinutes'])
    .execute();
}

/** Sets one priority's targets (inserting the row should it be missing). */
export async function upsertSlaTarget(trx: Db, row: SlaTargetRow): Promise<void> {
  await trx
    .insertInto('sla_targets')
    .values({
      priority: row.priority,
      response_minutes: row.responseMinutes,
      resolution_minutes: row.resolutionMinutes,
    })
    .onConflict((oc) =>
      oc.column('priority').doUpdateSet({
        response_minutes: row.responseMinutes,
        resolution_minutes: row.resolutionMinutes,
      }),
    )
    .execute();
}
