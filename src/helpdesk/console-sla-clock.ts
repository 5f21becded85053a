import { businessMinutesBetween, type Holidays } from './business-time.ts';
import type { TicketStatus } from './model.ts';

/** What the queue's SLA column says about one ticket. */
export type SlaClock =
  | { readonly kind: 'none' }
  | { readonly kind: 'breached'; readonly target: 'response' | 'resolution' }
  | { readonly kind: 'left'; readonly target: 'response' | 'resolution'; readonly minutes: number };

export interface SlaFacts {
  readonly status: TicketStatus;
  readonly firstResponseAt: number | null;
  readonly responseDueAt: number | null;
  readonly resolutionDueAt: number | null;
  readonly responseBreachedAt: number | null;
  readonly resolutionBreachedAt: number | null;
}

/**
 * The clock of the ticket's current target: the first response until one is given, then resolution.
 * Resolved and closed tickets have none. Time left is business time (10:00–18:00 on working days, less
 * holidays); a target whose moment has passed reads "breached" even before the scheduler records it.
 */
export function slaClock(t: SlaFacts, now: number, holidays: Holidays): SlaClock {
  if (t.status === 'resolved' || t.status === 'closed') return { kind: 'none' };
  const awaitingResponse = t.firstResponseAt === null && t.responseDueAt !== null;
  const target = awaitingResponse ? 'response' : 'resolution';
  const due = awaitingResponse ? t.responseDueAt : t.resolutionDueAt;
  const breachedAt = awaitingResponse ? t.responseBreachedAt : t.resolutionBreachedAt;
  if (due === null) return breachedAt === null ? { kind: 'none' } : { kind: 'breached', target };
  if (breachedAt !== null || due <= now) return { kind: 'breached', target };
  return { kind: 'left', target, minutes: businessMinutesBetween(now, due, holidays) };
}

/** Minutes as hours and minutes: `3 h 05 min`, `45 min`. */
export function hoursAndMinutes(minutes: number): { h: number; m: string } {
  const whole = Math.max(0, Math.floor(minutes));
  return { h: Math.floor(whole / 60), m: String(whole % 60).padStart(2, '0') };
}
