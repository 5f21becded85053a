import type { Kysely } from 'kysely';
import type { Scope } from '../policy/index.ts';
import type { Database } from '../store/index.ts';

type Db = Kysely<Database>;

/** How far the reader reaches (their `ticket.read` grant): the numbers count only tickets within it. */
export interface ReportReach {
  readonly scope: Scope;
  readonly zoneId: string | null;
  readonly districtId: string | null;
}

/** Nobody's district or zone: a scoped reader without one sees nothing rather than everything. */
const NONE = '__none__';

/** The tickets table, narrowed to the reader's reach (district for an SI, zone for a zonal head). */
function ticketsInReach(db: Db, reach: ReportReach) {
  const q = db.selectFrom('tickets');
  if (reach.scope === 'district') return q.where('tickets.district_id', '=', reach.districtId ?? NONE);
  if (reach.scope === 'zone') return q.where('tickets.zone_id', '=', reach.zoneId ?? NONE);
  return q;
}

export interface OpenTicketRow {
  readonly category: string;
  readonly zoneId: string | null;
  readonly zoneEn: string | null;
  readonly zoneHi: string | null;
  readonly createdAt: number;
}

/** Tickets not yet resolved or closed (new, in progress, waiting for the officer, reopened). */
export async function findOpenTickets(db: Db, reach: ReportReach): Promise<OpenTicketRow[]> {
  return ticketsInReach(db, reach)
    .leftJoin('zones', 'zones.id', 'tickets.zone_id')
    .select([
      'tickets.category as category',
      'tickets.zone_id as zoneId',
      'zones.name_en as zoneEn',
      'zones.name_hi as zoneHi',
      'tickets.created_at as createdAt',
    ])
    .where('tickets.status', 'not in', ['resolved', 'closed'])
    .execute();
}

export interface SlaTicketRow {
  readonly createdAt: number;
  readonly firstResponseAt: number | null;
  readonly resolvedAt: number | null;
  readonly responseBreachedAt: number | null;
  readonly resolutionBreachedAt: number | null;
}

/** Tickets opened since `since` (ms), with what the SLA report needs. */
export async function findTicketsSince(db: Db, reach: ReportReach, since: number): Promise<SlaTicketRow[]> {
  return ticketsInReach(db, reach)
    .select([
      'tickets.created_at as createdAt',
      'tickets.first_response_at as firstResponseAt',
      'tickets.resolved_at as resolvedAt',
      'tickets.response_breached_at as responseBreachedAt',
      'tickets.resolution_breached_at as resolutionBreachedAt',
    ])
    .where('tickets.created_at', '>=', since)
    .execute();
}

/** The audit events that say why a sign-in failed. */
export const LOGIN_FAILURE_TYPES = [
  'login.failed',
  'login.mfa_failed',
  'login.locked',
  'login.rejected_locked',
  'login.rejected_inactive',
  'login.passkey_failed',
  'inspection.failed',
  'disclaimer.declined',
  'access.denied',
] as const;

export interface FailureEventRow {
  readonly type: string;
  readonly detail: string;
}

/**
 * Failure events since `since`. A scoped reader sees only events whose actor is an officer of their
 * district or zone; events by `anonymous` (unknown users, tallied counts of several users) are therefore
 * counted only for readers who reach all.
 */
export async function findFailureEvents(
  db: Db,
  reach: ReportReach,
  since: number,
): Promise<FailureEventRow[]> {
  let q = db
    .selectFrom('audit_events')
    .select(['audit_events.type as type', 'audit_events.detail as detail'])
    .where('audit_events.at', '>=', since)
    .where('audit_events.type', 'in', [...LOGIN_FAILURE_TYPES]);
  if (reach.scope !== 'all') {
    const officers = db
      .selectFrom('accounts')
      .innerJoin('officers', 'officers.id', 'accounts.officer_id')
      .innerJoin('districts', 'districts.id', 'officers.district_id')
      .select('accounts.user_id');
    const inReach =
      reach.scope === 'district'
        ? officers.where('officers.district_id', '=', reach.districtId ?? NONE)
        : officers.where('districts.zone_id', '=', reach.zoneId ?? NONE);
    q = q.where('audit_events.actor', 'in', inReach);
  }
  return q.execute();
}
