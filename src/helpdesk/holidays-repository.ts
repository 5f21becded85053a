import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface HolidayRow {
  readonly day: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

/** Every holiday, in date order. */
export function listHolidays(db: Db): Promise<HolidayRow[]> {
  return db
    .selectFrom('holidays')
    .select(['day', 'name_en as nameEn', 'name_hi as nameHi'])
    .orderBy('day')
    .execute();
}

/** Adds a holiday; false when the day is already one (nothing changed). */
export async function insertHoliday(trx: Db, row: HolidayRow): Promise<boolean> {
  const res = await trx
    .insertInto('holidays')
    .values({ day: row.day, name_en: row.nameEn, name_hi: row.nameHi })
    .onConflict((oc) => oc.column('day').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Removes a holiday; the row removed, or undefined when the day was none. */
export async function deleteHoliday(trx: Db, day: string): Promise<HolidayRow | undefined> {
  const row = await trx
    .selectFrom('holidays')
    .select(['day', 'name_en as nameEn', 'name_hi as nameHi'])
    .where('day', '=', day)
    .executeTakeFirst();
  if (!row) return undefined;
  await trx.deleteFrom('holidays').where('day', '=', day).execute();
  return row;
}
