import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import { listDistricts, listWings, listZones, type NamedPlace } from '../directory/index.ts';
import type { Staff } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import { checkText } from '../web/index.ts';
import { ACCOUNT_STATUSES, type AccountStatus, type Role } from './table.ts';

type Db = Kysely<Database> | Transaction<Database>;

export const PAGE_SIZE = 50;
/** Longest search text, in characters. */
export const SEARCH_MAX = 100;

const slug = z
  .string()
  .max(60)
  .regex(/^[a-z0-9-]*$/)
  .transform((v) => v || undefined);

/** The list's GET parameters. Empty values mean "any". */
export const AccountFilters = z.object({
  zone: slug.optional(),
  district: slug.optional(),
  wing: slug.optional(),
  status: z
    .union([z.enum(ACCOUNT_STATUSES), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  // One line of text of any script, at most 100 characters (text-fields.ts `line`).
  q: z
    .string()
    .max(400)
    .optional()
    .transform((v, ctx) => {
      const checked = checkText(v ?? '', 'line', SEARCH_MAX);
      if (checked.ok) return checked.value || undefined;
      ctx.addIssue({ code: 'custom', message: checked.problem });
      return z.NEVER;
    }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type AccountFilters = z.infer<typeof AccountFilters>;

export interface AccountListRow {
  id: number;
  userId: string;
  role: Role;
  status: AccountStatus;
  displayName: string;
  nameEn: string | null;
  nameHi: string | null;
  districtEn: string | null;
  districtHi: string | null;
  wingEn: string | null;
  wingHi: string | null;
  lastLoginAt: number | null;
  lockedUntil: number | null;
  validUntil: number | null;
  accessEndsAt: number | null;
}

export interface AccountPage {
  rows: AccountListRow[];
  total: number;
  page: number;
  pages: number;
}

/** `%` and `_` in the search text are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function filteredAccounts(db: Db, staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>, f: AccountFilters) {
  let q = db
    .selectFrom('accounts as a')
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'o.district_id')
    .leftJoin('wings as w', 'w.id', 'o.wing_id');
  // The scope comes from the staff member's account, never from the query string. Staff accounts (no
  // officer) sit in no zone or district, so only scope `all` lists them.
  if (staff.scope === 'zone') q = q.where('d.zone_id', '=', staff.zoneId ?? '__none__');
  if (staff.scope === 'district') q = q.where('o.district_id', '=', staff.districtId ?? '__none__');
  if (f.zone) q = q.where('d.zone_id', '=', f.zone);
  if (f.district) q = q.where('o.district_id', '=', f.district);
  if (f.wing) q = q.where('o.wing_id', '=', f.wing);
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.q) {
    const pattern = likePattern(f.q);
    const like = (column: 'a.user_id' | 'a.display_name' | 'o.name_en' | 'o.name_hi') =>
      sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    q = q.where((eb) =>
      eb.or([like('a.user_id'), like('a.display_name'), like('o.name_en'), like('o.name_hi')]),
    );
  }
  return q;
}

/** One page of accounts within the staff member's scope, matching the filters. */
export async function listAccounts(
  db: Db,
  staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>,
  f: AccountFilters,
): Promise<AccountPage> {
  const counted = await filteredAccounts(db, staff, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await filteredAccounts(db, staff, f)
    .select([
      'a.id',
      'a.user_id as userId',
      'a.role',
      'a.status',
      'a.display_name as displayName',
      'o.name_en as nameEn',
      'o.name_hi as nameHi',
      'd.name_en as districtEn',
      'd.name_hi as districtHi',
      'w.name_en as wingEn',
      'w.name_hi as wingHi',
      'a.last_login_at as lastLoginAt',
      'a.locked_until as lockedUntil',
      'a.valid_until as validUntil',
      'a.access_ends_at as accessEndsAt',
    ])
    .orderBy('a.user_id')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows, total, page, pages };
}

export interface FilterOptions {
  zones: readonly NamedPlace[];
  districts: readonly { id: string; zoneId: string; nameEn: string; nameHi: string }[];
  wings: readonly NamedPlace[];
}

/** The zones, districts and wings the filter may offer, limited to the staff member's scope. */
export async function loadFilterOptions(
  db: Db,
  staff: Pick<Staff, 'scope' | 'zoneId' | 'districtId'>,
): Promise<FilterOptions> {
  const districts = await listDistricts(db, {
    zoneId: staff.scope === 'zone' ? (staff.zoneId ?? '__none__') : undefined,
    districtId: staff.scope === 'district' ? (staff.districtId ?? '__none__') : undefined,
    order: 'name',
  });
  const zoneIds = new Set(districts.map((d) => d.zoneId));
  const zones = (await listZones(db)).filter((zone) => staff.scope === 'all' || zoneIds.has(zone.id));
  return { zones, districts, wings: await listWings(db) };
}
