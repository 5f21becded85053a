import type { Kysely } from 'kysely';
import { findAccountByUserId, normaliseUserId, type AccountStatus, type Role } from '../accounts/index.ts';
import { findOfficerPlacement, findZone, listDistricts } from '../directory/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import { reaches, type Staff } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import {
  FIELD_ERRORS,
  SearchQuery,
  fieldsOf,
  filtersOf,
  type EventFilters,
  type Field,
} from './search-params.ts';
import type { ScopeLimit } from './search-query.ts';

type Db = Kysely<Database>;

/** A problem with the query, tied to its field when it has one (the error summary links to it). */
export interface SearchProblem {
  readonly field: Field | undefined;
  readonly message: MessageKey;
}

/** A search ready to run; refused because it asks beyond the reader's scope; or not understood. */
export type ResolvedSearch =
  | {
      readonly kind: 'ok';
      readonly query: SearchQuery;
      readonly filters: EventFilters;
      readonly scope: ScopeLimit;
    }
  | { readonly kind: 'refused'; readonly query: SearchQuery; readonly asked: string }
  | { readonly kind: 'invalid'; readonly problems: readonly SearchProblem[] };

/** A person whose trail may be opened: the account and, for officers, where they sit. */
export interface Person {
  readonly userId: string;
  readonly displayName: string;
  readonly role: Role;
  readonly status: AccountStatus;
  readonly officerId: number | null;
  readonly nameEn: string | null;
  readonly nameHi: string | null;
  readonly districtId: string | null;
  readonly districtEn: string | null;
  readonly districtHi: string | null;
  readonly zoneId: string | null;
}

/** The part of the trail a staff member's scope lets them read (a missing zone or district reaches nothing). */
export function scopeLimit(staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>): ScopeLimit {
  switch (staff.scope) {
    case 'all':
      return { kind: 'all' };
    case 'zone':
      return { kind: 'zone', zoneId: staff.zoneId ?? '__none__' };
    case 'district':
      return { kind: 'district', districtId: staff.districtId ?? '__none__' };
  }
}

export async function findPerson(db: Db, userId: string): Promise<Person | undefined> {
  const account = await findAccountByUserId(db, normaliseUserId(userId));
  if (!account) return undefined;
  const officer =
    account.officer_id === null ? undefined : await findOfficerPlacement(db, account.officer_id);
  return {
    userId: account.user_id,
    displayName: account.display_name,
    role: account.role,
    status: account.status,
    officerId: account.officer_id,
    nameEn: officer?.nameEn ?? null,
    nameHi: officer?.nameHi ?? null,
    districtId: officer?.districtId ?? null,
    districtEn: officer?.districtEn ?? null,
    districtHi: officer?.districtHi ?? null,
    zoneId: officer?.zoneId ?? null,
  };
}

/** Officers by where they sit; staff accounts (no officer) only for a state-wide reader. */
export function reachesPerson(
  staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>,
  person: Person,
): boolean {
  if (person.officerId === null) return staff.scope === 'all';
  return reaches(staff, { zoneId: person.zoneId, districtId: person.districtId });
}

/**
 * Reads a search from the query string: fields that do not parse, or name a zone or district that does
 * not exist, make it `invalid` (nothing runs); a zone, district or person beyond the reader's scope makes
 * it `refused`. Unknown user IDs are a plain filter for a state-wide reader (failed sign-ins name IDs that
 * have no account); for anyone else they are beyond reach.
 */
export async function resolveSearch(
  db: Db,
  staff: Staff,
  raw: Record<string, string>,
): Promise<ResolvedSearch> {
  const parsed = SearchQuery.safeParse(raw);
  if (!parsed.success) {
    const fields = fieldsOf(parsed.error);
    const problems: SearchProblem[] = fields.map((field) => ({ field, message: FIELD_ERRORS[field] }));
    return {
      kind: 'invalid',
      problems: problems.length ? problems : [{ field: undefined, message: 'auditView.errLink' }],
    };
  }
  const query = parsed.data;
  const problems: SearchProblem[] = [];
  const zone = query.zone === undefined ? undefined : await findZone(db, query.zone);
  if (query.zone !== undefined && !zone)
    problems.push({ field: 'zone', message: 'auditView.errZoneUnknown' });
  const [district] =
    query.district === undefined ? [] : await listDistricts(db, { districtId: query.district });
  if (query.district !== undefined && !district)
    problems.push({ field: 'district', message: 'auditView.errDistrictUnknown' });
  if (problems.length > 0) return { kind: 'invalid', problems };

  const refused = (asked: string): ResolvedSearch => ({ kind: 'refused', query, asked });
  if (staff.scope !== 'all') {
    const own = await ownZone(db, staff);
    if (zone && zone.id !== own) return refused(`zone=${zone.id}`);
    if (district && !reaches(staff, { zoneId: district.zoneId, districtId: district.id }))
      return refused(`district=${district.id}`);
    if (query.user !== undefined) {
      const person = await findPerson(db, query.user);
      if (!person || !reachesPerson(staff, person)) return refused(`user=${query.user}`);
    }
  }
  return { kind: 'ok', query, filters: filtersOf(query), scope: scopeLimit(staff) };
}

/** The zone a zone- or district-wide reader belongs to (an SI's is their district's). */
async function ownZone(db: Db, staff: Staff): Promise<string | null> {
  if (staff.scope !== 'district') return staff.zoneId;
  if (staff.districtId === null) return null;
  const [own] = await listDistricts(db, { districtId: staff.districtId });
  return own?.zoneId ?? null;
}
