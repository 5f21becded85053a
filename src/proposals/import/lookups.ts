import { sql, type Kysely, type Transaction } from 'kysely';
import type { OfficeStatus } from '../../directory/table.ts';
import type { Database } from '../../store/index.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface Named {
  readonly id: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

export interface DistrictInfo extends Named {
  readonly zoneId: string;
  readonly officeStatus: OfficeStatus;
}

export interface DirectoryOfficer {
  readonly id: number;
  readonly employeeNo: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly rankId: string;
  readonly wingId: string;
  readonly districtId: string;
  readonly email: string;
  readonly mobile: string | null;
}

/** The directory, read once per import, so rows are checked without a query each. */
export interface ImportLookups {
  readonly zones: ReadonlyMap<string, Named>;
  readonly districts: ReadonlyMap<string, DistrictInfo>;
  readonly wings: ReadonlyMap<string, Named>;
  readonly ranks: ReadonlyMap<string, Named>;
  /** id, English name or Hindi name (see `lookupKey`) → id. */
  readonly districtKeys: ReadonlyMap<string, string>;
  readonly wingKeys: ReadonlyMap<string, string>;
  readonly rankKeys: ReadonlyMap<string, string>;
  /** By employee number, upper-case. */
  readonly officers: ReadonlyMap<string, DirectoryOfficer>;
  /** Lower-case e-mail → the employee numbers (upper-case) using it. */
  readonly emails: ReadonlyMap<string, readonly string[]>;
  /** Officers holding an account that is not revoked or expired. */
  readonly accountHolders: ReadonlySet<number>;
  /** Officer → the draft or submitted proposal where they await a decision. */
  readonly pending: ReadonlyMap<number, number>;
}

/** How names are matched: trimmed, spaces and hyphens alike, case-insensitive. */
export function lookupKey(value: string): string {
  return value
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');
}

export const normaliseEmployeeNo = (value: string): string => value.trim().toUpperCase();
export const normaliseEmail = (value: string): string => value.trim().toLowerCase();

function keysOf(rows: Iterable<Named>): Map<string, string> {
  const keys = new Map<string, string>();
  for (const r of rows) for (const k of [r.id, r.nameEn, r.nameHi]) keys.set(lookupKey(k), r.id);
  return keys;
}

export async function loadImportLookups(db: Db): Promise<ImportLookups> {
  const [zones, districts, wings, ranks, officers, holders, pending] = await Promise.all([
    db.selectFrom('zones').select(['id', 'name_en as nameEn', 'name_hi as nameHi']).execute(),
    db
      .selectFrom('districts')
      .select([
        'id',
        'name_en as nameEn',
        'name_hi as nameHi',
        'zone_id as zoneId',
        'office_status as officeStatus',
      ])
      .execute(),
    db.selectFrom('wings').select(['id', 'name_en as nameEn', 'name_hi as nameHi']).execute(),
    db.selectFrom('ranks').select(['id', 'name_en as nameEn', 'name_hi as nameHi']).execute(),
    db
      .selectFrom('officers')
      .select([
        'id',
        'employee_no as employeeNo',
        'name_en as nameEn',
        'name_hi as nameHi',
        'rank_id as rankId',
        'wing_id as wingId',
        'district_id as districtId',
        'email',
        'mobile',
      ])
      .execute(),
    db
      .selectFrom('accounts')
      .select('officer_id')
      .where('officer_id', 'is not', null)
      .where('status', 'not in', ['revoked', 'expired'])
      .execute(),
    db
      .selectFrom('proposal_items as i')
      .innerJoin('proposals as p', 'p.id', 'i.proposal_id')
      .select(['i.officer_id as officerId', sql<number>`max(p.id)`.as('proposalId')])
      .where('i.decision', '=', 'pending')
      .where('p.status', 'in', ['draft', 'submitted'])
      .groupBy('i.officer_id')
      .execute(),
  ]);
  const byNo = new Map<string, DirectoryOfficer>();
  const emails = new Map<string, string[]>();
  for (const o of officers) {
    const no = normaliseEmployeeNo(o.employeeNo);
    byNo.set(no, o);
    const email = normaliseEmail(o.email);
    const list = emails.get(email);
    if (list) list.push(no);
    else emails.set(email, [no]);
  }
  return {
    zones: new Map(zones.map((z) => [z.id, z])),
    districts: new Map(districts.map((d) => [d.id, d])),
    wings: new Map(wings.map((w) => [w.id, w])),
    ranks: new Map(ranks.map((r) => [r.id, r])),
    districtKeys: keysOf(districts),
    wingKeys: keysOf(wings),
    rankKeys: keysOf(ranks),
    officers: byNo,
    emails,
    accountHolders: new Set(holders.flatMap((h) => (h.officer_id === null ? [] : [h.officer_id]))),
    pending: new Map(pending.map((p) => [p.officerId, p.proposalId])),
  };
}
