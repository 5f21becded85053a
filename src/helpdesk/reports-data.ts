import type { Kysely } from 'kysely';
import { z } from 'zod';
import { TALLIED_TYPES } from '../audit/index.ts';
import type { Database } from '../store/index.ts';
import { TICKET_CATEGORIES } from './model.ts';
import {
  findFailureEvents,
  findOpenTickets,
  findTicketsSince,
  type FailureEventRow,
  type ReportReach,
  type SlaTicketRow,
} from './reports-queries.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** SLA compliance and the medians look at tickets opened in the last 30 days; failures at the last 7. */
export const SLA_WINDOW_MS = 30 * DAY;
export const FAILURE_WINDOW_MS = 7 * DAY;

/** Age bands of open tickets, in calendar time since opening: [from, to) in ms. */
export const AGE_BANDS = [
  { id: 'under1d', from: 0, to: DAY },
  { id: 'd1to3', from: DAY, to: 3 * DAY },
  { id: 'd3to7', from: 3 * DAY, to: 7 * DAY },
  { id: 'over7d', from: 7 * DAY, to: Infinity },
] as const;
export type AgeBand = (typeof AGE_BANDS)[number]['id'];

export interface SlaTally {
  readonly met: number;
  readonly breached: number;
  /** Not decided yet: no response (or resolution) and no breach so far. */
  readonly pending: number;
}

export interface ZoneCount {
  readonly zoneId: string | null;
  readonly nameEn: string | null;
  readonly nameHi: string | null;
  readonly count: number;
}

export interface FailureCount {
  /** The audit event type; `access.denied` split by its reason. */
  readonly type: string;
  readonly reason: string | null;
  readonly count: number;
}

export interface HelpdeskReport {
  readonly openTotal: number;
  readonly byCategory: readonly { readonly category: string; readonly count: number }[];
  readonly byZone: readonly ZoneCount[];
  readonly byAge: readonly { readonly band: AgeBand; readonly count: number }[];
  readonly sla: { readonly response: SlaTally; readonly resolution: SlaTally; readonly both: SlaTally };
  /** Calendar time from opening, in ms; null when no ticket has one. */
  readonly medianFirstResponseMs: number | null;
  readonly medianResolutionMs: number | null;
  readonly responded: number;
  readonly resolved: number;
  readonly failures: readonly FailureCount[];
}

/** The median of a list (the mean of the two middle values for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? 0) + hi) / 2;
}

function slaTallyOf(outcomes: readonly ('met' | 'breached' | 'pending')[]): SlaTally {
  return {
    met: outcomes.filter((o) => o === 'met').length,
    breached: outcomes.filter((o) => o === 'breached').length,
    pending: outcomes.filter((o) => o === 'pending').length,
  };
}

/**
 * A target is breached once the scheduler marked it; met when the response (resolution) came without a
 * breach; pending otherwise. "Both" is met when both are, breached when either is.
 */
function slaOf(rows: readonly SlaTicketRow[]): HelpdeskReport['sla'] {
  const response = rows.map((r) =>
    r.responseBreachedAt !== null ? 'breached' : r.firstResponseAt !== null ? 'met' : 'pending',
  );
  const resolution = rows.map((r) =>
    r.resolutionBreachedAt !== null ? 'breached' : r.resolvedAt !== null ? 'met' : 'pending',
  );
  const both = response.map((a, i) => {
    const b = resolution[i] ?? 'pending';
    if (a === 'breached' || b === 'breached') return 'breached';
    return a === 'met' && b === 'met' ? 'met' : 'pending';
  });
  return { response: slaTallyOf(response), resolution: slaTallyOf(resolution), both: slaTallyOf(both) };
}

const FailureDetail = z.object({
  count: z.number().int().positive().optional(),
  reason: z.string().optional(),
});

/** Counts failures by type (and access denials by reason), summing tallied records' `count`. */
export function countFailures(rows: readonly FailureEventRow[]): FailureCount[] {
  const counts = new Map<string, FailureCount>();
  for (const row of rows) {
    let detail: z.infer<typeof FailureDetail> = {};
    try {
      const parsed = FailureDetail.safeParse(JSON.parse(row.detail));
      if (parsed.success) detail = parsed.data;
    } catch {
      // An unreadable detail still counts once.
    }
    const tallied = [...TALLIED_TYPES].some((type) => type === row.type);
    const n = tallied ? (detail.count ?? 1) : 1;
    const reason = row.type === 'access.denied' ? (detail.reason ?? 'unknown').slice(0, 80) : null;
    const key = `${row.type} ${reason ?? ''}`;
    const prev = counts.get(key);
    counts.set(key, { type: row.type, reason, count: (prev?.count ?? 0) + n });
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count || a.type.localeCompare(b.type) || (a.reason ?? '').localeCompare(b.reason ?? ''),
  );
}

/** The helpdesk report for one reader at `now` (ms). */
export async function loadHelpdeskReport(
  db: Kysely<Database>,
  reach: ReportReach,
  now: number,
): Promise<HelpdeskReport> {
  const open = await findOpenTickets(db, reach);
  const recent = await findTicketsSince(db, reach, now - SLA_WINDOW_MS);
  const failures = await findFailureEvents(db, reach, now - FAILURE_WINDOW_MS);

  const zones = new Map<string, ZoneCount>();
  for (const t of open) {
    const key = t.zoneId ?? '';
    const prev = zones.get(key);
    zones.set(key, { zoneId: t.zoneId, nameEn: t.zoneEn, nameHi: t.zoneHi, count: (prev?.count ?? 0) + 1 });
  }
  const responseTimes = recent.flatMap((r) =>
    r.firstResponseAt === null ? [] : [r.firstResponseAt - r.createdAt],
  );
  const resolutionTimes = recent.flatMap((r) => (r.resolvedAt === null ? [] : [r.resolvedAt - r.createdAt]));
  return {
    openTotal: open.length,
    byCategory: TICKET_CATEGORIES.map((category) => ({
      category,
      count: open.filter((t) => t.category === category).length,
    })),
    byZone: [...zones.values()].sort((a, b) => (a.zoneId ?? '~').localeCompare(b.zoneId ?? '~')),
    byAge: AGE_BANDS.map((b) => ({
      band: b.id,
      count: open.filter((t) => now - t.createdAt >= b.from && now - t.createdAt < b.to).length,
    })),
    sla: slaOf(recent),
    medianFirstResponseMs: median(responseTimes),
    medianResolutionMs: median(resolutionTimes),
    responded: responseTimes.length,
    resolved: resolutionTimes.length,
    failures: countFailures(failures),
  };
}

/** A share as a whole percentage of the decided (met + breached); null when nothing is decided. */
export function compliancePercent(t: SlaTally): number | null {
  const decided = t.met + t.breached;
  return decided === 0 ? null : Math.round((t.met / decided) * 1000) / 10;
}
