import type { Insertable, Kysely } from 'kysely';
import type { AccountTable } from '../../src/accounts/table.ts';
import type { OfficerTable } from '../../src/directory/table.ts';
import type { Database } from '../../src/store/index.ts';

/** An account row with everything a test does not name at its plain default: an active officer, no secrets. */
export type AccountOverrides = Partial<Insertable<AccountTable>> & Pick<Insertable<AccountTable>, 'user_id'>;

/** Account rows as tests write them directly: defaults, then the test's overrides. */
export function accountValues(now: number, o: AccountOverrides): Insertable<AccountTable> {
  return {
    officer_id: null,
    display_name: o.user_id,
    role: 'officer',
    scope_zone_id: null,
    scope_district_id: null,
    status: 'active',
    password_hash: null,
    totp_secret_enc: null,
    locked_until: null,
    valid_until: null,
    last_login_at: null,
    email: null,
    access_ends_at: null,
    created_at: now,
    updated_at: now,
    ...o,
  };
}

/** Inserts one account (see `accountValues`) and returns its ID. */
export async function insertAccount(db: Kysely<Database>, now: number, o: AccountOverrides): Promise<number> {
  const row = await db
    .insertInto('accounts')
    .values(accountValues(now, o))
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let officerSeq = 0;

/** A new officer of the directory, numbered so every call is unique; returns its ID and employee number. */
export async function insertOfficer(
  db: Kysely<Database>,
  now: number,
  o: Partial<Insertable<OfficerTable>> & Pick<Insertable<OfficerTable>, 'district_id'>,
): Promise<{ id: number; employeeNo: string; nameEn: string; nameHi: string }> {
  officerSeq += 1;
  const employeeNo = o.employee_no ?? `TEST${String(officerSeq).padStart(5, '0')}`;
  const nameEn = o.name_en ?? `Test Officer ${officerSeq}`;
  const nameHi = o.name_hi ?? `परीक्षण अधिकारी ${officerSeq}`;
  const row = await db
    .insertInto('officers')
    .values({
      employee_no: employeeNo,
      name_en: nameEn,
      name_hi: nameHi,
      rank_id: 'cto',
      wing_id: 'adjudication',
      email: `test${officerSeq}@ctd.up.example`,
      mobile: null,
      created_at: now,
      ...o,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, employeeNo, nameEn, nameHi };
}
