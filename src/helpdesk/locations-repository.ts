import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** A district with its system integrator, if one is set up (read-only; the console manages them). */
export interface SupportContact {
  readonly districtId: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly si: {
    readonly name: string;
    readonly phone: string;
    readonly hoursEn: string;
    readonly hoursHi: string;
  } | null;
}

function toContact(r: {
  id: string;
  name_en: string;
  name_hi: string;
  si_name: string | null;
  si_phone: string | null;
  hours_en: string | null;
  hours_hi: string | null;
}): SupportContact {
  return {
    districtId: r.id,
    nameEn: r.name_en,
    nameHi: r.name_hi,
    si:
      r.si_name !== null && r.si_phone !== null
        ? { name: r.si_name, phone: r.si_phone, hoursEn: r.hours_en ?? '', hoursHi: r.hours_hi ?? '' }
        : null,
  };
}

function contactsQuery(db: Db) {
  return db
    .selectFrom('districts as d')
    .leftJoin('support_locations as s', 's.district_id', 'd.id')
    .select(['d.id', 'd.name_en', 'd.name_hi', 's.si_name', 's.si_phone', 's.hours_en', 's.hours_hi']);
}

/** Every district (for the help page's select), by English name, with its SI when there is one. */
export async function listSupportContacts(db: Db): Promise<SupportContact[]> {
  return (await contactsQuery(db).orderBy('d.name_en').execute()).map(toContact);
}

/** One district's contact, or undefined for an unknown district. */
export async function findSupportContact(db: Db, districtId: string): Promise<SupportContact | undefined> {
  const row = await contactsQuery(db).where('d.id', '=', districtId).executeTakeFirst();
  return row ? toContact(row) : undefined;
}

/** The district an account's officer is placed in, or undefined (staff, or no placement). */
export async function findAccountDistrict(db: Db, accountId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('accounts as a')
    .innerJoin('officers as o', 'o.id', 'a.officer_id')
    .select('o.district_id')
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return row?.district_id;
}

/** An account's user ID, for a help session (which carries only the account ID). */
export async function findHelpUserId(db: Db, accountId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select('user_id')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.user_id;
}
