import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Staff } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import { ANOMALY_KINDS, type AnomalyKind } from './table.ts';

export const PAGE_SIZE = 50;
/** The most rows one CSV export holds. */
export const CSV_MAX_ROWS = 10_000;

/** The page's GET parameters: an optional kind and a page number. */
export const AnomalyFilters = z.object({
  kind: z
    .union([z.enum(ANOMALY_KINDS), z.literal('')])
    .optional()
    .transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type AnomalyFilters = z.infer<typeof AnomalyFilters>;

export interface AnomalyRow {
  readonly id: number;
  readonly kind: AnomalyKind;
  readonly subject: string;
  readonly detectedAt: number;
  /** When the tipping event happened (the detection can lag it). */
  readonly at: number;
  readonly eventSeq: number;
  readonly detail: string;
  readonly notifiedAt: number | null;
  /** Set when the subject is an account. */
  readonly displayName: string | null;
  readonly nameEn: string | null;
  readonly nameHi: string | null;
}

export interface AnomalyPage {
  readonly rows: AnomalyRow[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

type Scope = Pick<Staff, 'scope' | 'zoneId' | 'districtId'>;

/**
 * The anomalies a staff member may see: all of them for a state-wide reach; for a zone or a district,
 * only those about accounts of officers placed there (the subject joined to accounts → officers →
 * districts). Addresses and staff accounts sit in no zone, so only a state-wide reach sees them.
 */
function scoped(db: Kysely<Database>, staff: Scope, f: Pick<AnomalyFilters, 'kind'>) {
  let q = db
    .selectFrom('audit_anomalies as an')
    .leftJoin('accounts as a', (join) =>
      join.onRef('a.user_id', '=', 'an.subject').on('an.kind', '!=', 'address_failures'),
    )
    .leftJoin('officers as o', 'o.id', 'a.officer_id')
    .leftJoin('districts as d', 'd.id', 'o.district_id');
  if (staff.scope === 'zone') q = q.where('d.zone_id', '=', staff.zoneId ?? '__none__');
  if (staff.scope === 'district') q = q.where('o.district_id', '=', staff.districtId ?? '__none__');
  if (f.kind) q = q.where('an.kind', '=', f.kind);
  return q;
}

function rowsOf(db: Kysely<Database>, staff: Scope, f: Pick<AnomalyFilters, 'kind'>) {
  return scoped(db, staff, f)
    .leftJoin('audit_events as e', 'e.seq', 'an.event_seq')
    .select([
      'an.id',
      'an.kind',
      'an.subject',
      'an.detected_at as detectedAt',
      'e.at as eventAt',
      'an.event_seq as eventSeq',
      'an.detail',
      'an.notified_at as notifiedAt',
      'a.display_name as displayName',
      'o.name_en as nameEn',
      'o.name_hi as nameHi',
    ])
    .orderBy('an.detected_at', 'desc')
    .orderBy('an.id', 'desc');
}

type Raw = Omit<AnomalyRow, 'at'> & { eventAt: number | null };
const shape = (r: Raw): AnomalyRow => {
  const { eventAt, ...rest } = r;
  return { ...rest, at: eventAt ?? r.detectedAt };
};

/** One page of anomalies within reach, newest first. */
export async function listAnomalies(
  db: Kysely<Database>,
  staff: Scope,
  f: AnomalyFilters,
): Promise<AnomalyPage> {
  const counted = await scoped(db, staff, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await rowsOf(db, staff, f)
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
  return { rows: rows.map(shape), total, page, pages };
}

/** Every anomaly within reach for the CSV (at most `CSV_MAX_ROWS`), newest first. */
export async function listAnomaliesForExport(
  db: Kysely<Database>,
  staff: Scope,
  f: Pick<AnomalyFilters, 'kind'>,
): Promise<AnomalyRow[]> {
  const rows = await rowsOf(db, staff, f).limit(CSV_MAX_ROWS).execute();
  return rows.map(shape);
}
