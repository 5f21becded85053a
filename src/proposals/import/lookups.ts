import type { OfficeStatus } from '../../directory/index.ts';
import type { Db } from '../repository.ts';
import { readImportDirectory } from './repository.ts';

export interface Named {
  readonly id: string;
  readonly nameEn: string;
  readonly nameHi: string;
}

export interface DistrictInfo extends Named {
  readonly zoneId: string;
  readonly officeStatus: OfficeStatus;
}

/** An officer as the directory records them (and as an import row adds them). */
export interface OfficerRecord {
  readonly employeeNo: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly rankId: string;
  readonly wingId: string;
  readonly districtId: string;
  readonly email: string;
  readonly mobile: string | null;
}

export interface DirectoryOfficer extends OfficerRecord {
  readonly id: number;
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
  const { zones, districts, wings, ranks, officers, accountHolders, pending } = await readImportDirectory(db);
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
    accountHolders: new Set(accountHolders),
    pending: new Map(pending.map((p) => [p.officerId, p.proposalId])),
  };
}
