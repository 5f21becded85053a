import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Role } from '../accounts/index.ts';
import type { Scope } from '../policy/index.ts';
import type { Database } from '../store/index.ts';
import {
  TICKET_CATEGORIES,
  TICKET_STATUSES,
  TICKET_TIERS,
  type TicketCategory,
  type TicketStatus,
  type TicketTier,
} from './model.ts';

export const QUEUE_PAGE_SIZE = 50;
/** The most rows one CSV export holds. */
export const QUEUE_CSV_MAX_ROWS = 10_000;

const blank = z.literal('').transform(() => undefined);

/**
 * The queue's GET parameters. `status` is one status, `open` (anything not resolved or closed: the default)
 * or `all`; `tier` one tier or `all` (its default depends on who asks, see `effectiveTier`).
 */
export const QueueFilters = z.object({
  status: z
    .union([z.enum(TICKET_STATUSES), z.literal('open'), z.literal('all'), blank])
    .optional()
    .transform((v) => v ?? 'open'),
  category: z.union([z.enum(TICKET_CATEGORIES), blank]).optional(),
  tier: z.union([z.enum(TICKET_TIERS), z.literal('all'), blank]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type QueueFilters = z.infer<typeof QueueFilters>;

/** Who reads the queue: their role (for the default tier) and the reach of their `ticket.read` grant. */
export interface QueueReader {
  readonly role: Role;
  readonly scope: Scope;
  readonly zoneId: string | null;
  readonly districtId: string | null;
}

/**
 * The tier the queue shows: as asked, else the helpdesk's own tier for helpdesk staff, else every tier
 * (a system integrator sees their district's tickets at every tier: the escalated ones read-only).
 */
export function effectiveTier(reader: QueueReader, f: Pick<QueueFilters, 'tier'>): TicketTier | undefined {
  if (f.tier === 'all') return undefined;
  if (f.tier) return f.tier;
  return reader.role === 'helpdesk' ? 'helpdesk' : undefined;
}

export interface QueueRow {
  readonly id: number;
  readonly number: string;
  readonly userId: string;
  readonly displayName: string | null;
  readonly nameEn: string | null;
  readonly nameHi: string | null;
  readonly districtId: string | null;
  readonly category: TicketCategory;
  readonly status: TicketStatus;
  readonly priority: string;
  readonly tier: TicketTier;
  readonly subject: string;
  readonly createdAt: number;
  readonly firstResponseAt: number | null;
  readonly responseDueAt: number | null;
  readonly resolutionDueAt: number | null;
  readonly responseBreachedAt: number | null;
  readonly resolutionBreachedAt: number | null;
}

export interface QueuePage {
  readonly rows: QueueRow[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
}

const CLOSED_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];

/**
 * The tickets a reader may see, filtered. The reach is applied here, in SQL, from the `ticket.read` grant:
 * all, the reader's zone or their district (a missing zone or district matches nothing, never everything).
 */
function scoped(db: Kysely<Database>, reader: QueueReader, f: QueueFilters) {
  let q = db
    .selectFrom('tickets as t')
    .leftJoin('accounts as a', 'a.id', 't.account_id')
    .leftJoin('officers as o', 'o.id', 'a.officer_id');
  if (reader.scope === 'zone') q = q.where('t.zone_id', '=', reader.zoneId ?? '__none__');
  if (reader.scope === 'district') q = q.where('t.district_id', '=', reader.districtId ?? '__none__');
  const tier = effectiveTier(reader, f);
  if (tier) q = q.where('t.tier', '=', tier);
  if (f.category) q = q.where('t.category', '=', f.category);
  if (f.status === 'open') q = q.where('t.status', 'not in', [...CLOSED_STATUSES]);
  else if (f.status !== 'all') q = q.where('t.status', '=', f.status);
  return q;
}

function rowsOf(db: Kysely<Database>, reader: QueueReader, f: QueueFilters) {
  return (
    scoped(db, reader, f)
      .select([
        't.id',
        't.number',
        't.user_id as userId',
        'a.display_name as displayName',
        'o.name_en as nameEn',
        'o.name_hi as nameHi',
        't.district_id as districtId',
        't.category',
        't.status',
        't.priority',
        't.tier',
        't.subject',
        't.created_at as createdAt',
        't.first_response_at as firstResponseAt',
        't.response_due_at as responseDueAt',
        't.resolution_due_at as resolutionDueAt',
        't.response_breached_at as responseBreachedAt',
        't.resolution_breached_at as resolutionBreachedAt',
      ])
      // A queue is worked oldest first.
      .orderBy('t.created_at', 'asc')
      .orderBy('t.id', 'asc')
  );
}

type Raw = Awaited<ReturnType<ReturnType<typeof rowsOf>['execute']>>[number];

const shape = (r: Raw): QueueRow => ({
  ...r,
  category: r.category as TicketCategory,
  status: r.status as TicketStatus,
  tier: r.tier as TicketTier,
});

/** One page of the reader's queue, oldest first. */
export async function listQueue(
  db: Kysely<Database>,
  reader: QueueReader,
  f: QueueFilters,
): Promise<QueuePage> {
  const counted = await scoped(db, reader, f)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const total = Number(counted?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / QUEUE_PAGE_SIZE));
  const page = Math.min(f.page, pages);
  const rows = await rowsOf(db, reader, f)
    .limit(QUEUE_PAGE_SIZE)
    .offset((page - 1) * QUEUE_PAGE_SIZE)
    .execute();
  return { rows: rows.map(shape), total, page, pages };
}

/** Every ticket of the reader's queue for the CSV (at most `QUEUE_CSV_MAX_ROWS`), oldest first. */
export async function listQueueForExport(
  db: Kysely<Database>,
  reader: QueueReader,
  f: QueueFilters,
): Promise<QueueRow[]> {
  const rows = await rowsOf(db, reader, f).limit(QUEUE_CSV_MAX_ROWS).execute();
  return rows.map(shape);
}
