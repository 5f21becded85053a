import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAccountById } from '../accounts/index.ts';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import { findOfficerPlacement } from '../directory/index.ts';
import { AppError, isAppError } from '../errors.ts';
import { reaches, scopeOf, staffOf, type Permission, type Staff } from '../policy/index.ts';
import type { Store } from '../store/index.ts';
import { listRecentGatewayEvents } from './console-events-query.ts';
import type { TicketOfficer, TicketView } from './console-ticket-page.ts';
import { diagnoseAccount, type Diagnosis } from './diagnostics.ts';
import type { StaffActor, TicketRow, TicketService } from './model.ts';

/** A ticket number as people see it (`T-2026-000123`); anything else names no ticket. */
export const TicketNumber = z.object({ number: z.string().regex(/^T-\d{4}-\d{1,12}$/) });

/**
 * The staff member as the ticket service needs them: the reach is that of `ticket.read` (the route may
 * have declared another permission). Someone without `ticket.read` reaches no ticket.
 */
export function staffActor(staff: Staff, ip: string | null): StaffActor {
  const scope = scopeOf(staff.role, 'ticket.read');
  if (!scope) throw new AppError('FORBIDDEN');
  return {
    kind: 'staff',
    userId: staff.userId,
    role: staff.role,
    scope,
    zoneId: staff.zoneId,
    districtId: staff.districtId,
    ip,
  };
}

/** Whether `staff` holds `permission` over a record placed at `zoneId`/`districtId`. */
export function grantReaches(
  staff: Staff,
  permission: Permission,
  place: { zoneId: string | null; districtId: string | null },
): boolean {
  const scope = scopeOf(staff.role, permission);
  if (!scope) return false;
  return reaches({ scope, zoneId: staff.zoneId, districtId: staff.districtId }, place);
}

/**
 * Whether `staff` may work the ticket: `ticket.work` over its location, and for a system integrator only
 * while it is in their own tier (an escalated ticket is the helpdesk's or HQ's; the SI still reads it).
 */
export function mayWork(staff: Staff, ticket: TicketRow): boolean {
  if (!grantReaches(staff, 'ticket.work', { zoneId: ticket.zone_id, districtId: ticket.district_id }))
    return false;
  return staff.role !== 'system_integrator' || ticket.tier === 'si';
}

export interface TicketAccessDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly audit: AuditLog;
  readonly tickets: TicketService;
}

/** The ticket named in the path, within the reader's reach (the service refuses and audits otherwise). */
export async function ticketOf(
  deps: TicketAccessDeps,
  request: FastifyRequest,
): Promise<{ staff: Staff; actor: StaffActor; ticket: TicketRow }> {
  const staff = staffOf(request);
  const actor = staffActor(staff, request.ip);
  const p = TicketNumber.safeParse(request.params);
  if (!p.success) throw new AppError('TICKET_NOT_FOUND');
  const ticket = await deps.tickets.findByNumber(p.data.number, actor);
  return { staff, actor, ticket };
}

/**
 * Refuses a post on a ticket the staff member may read but not work (a zonal head, an auditor, a system
 * integrator on an escalated ticket): audited as `ticket.refused`, answered 403.
 */
export async function requireWork(
  deps: TicketAccessDeps,
  request: FastifyRequest,
  what: string,
): Promise<{ staff: Staff; actor: StaffActor; ticket: TicketRow }> {
  const found = await ticketOf(deps, request);
  if (mayWork(found.staff, found.ticket)) return found;
  await deps.audit.append({
    type: 'ticket.refused',
    actor: found.staff.userId,
    ip: request.ip,
    target: found.ticket.number,
    detail: { ticket: found.ticket.number, tried: what, tier: found.ticket.tier, reason: 'may_not_work' },
  });
  throw new AppError('TICKET_FORBIDDEN');
}

async function officerOf(deps: TicketAccessDeps, ticket: TicketRow): Promise<TicketOfficer | undefined> {
  if (ticket.account_id === null) return undefined;
  const account = await findAccountById(deps.store.db, ticket.account_id);
  if (!account) return undefined;
  const placed =
    account.officer_id === null ? undefined : await findOfficerPlacement(deps.store.db, account.officer_id);
  return {
    userId: account.user_id,
    displayName: account.display_name,
    nameEn: placed?.nameEn ?? null,
    nameHi: placed?.nameHi ?? null,
    districtEn: placed?.districtEn ?? null,
    districtHi: placed?.districtHi ?? null,
    status: account.status,
  };
}

async function diagnosisOf(deps: TicketAccessDeps, ticket: TicketRow): Promise<Diagnosis | undefined> {
  if (ticket.account_id === null) return undefined;
  try {
    return await diagnoseAccount(deps.store.db, deps.clock, ticket.account_id);
  } catch (error) {
    if (isAppError(error) && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

/** Everything the ticket page shows, read for a staff member who may see the ticket. */
export async function loadTicketView(
  deps: TicketAccessDeps,
  found: { staff: Staff; actor: StaffActor; ticket: TicketRow },
  extra: Pick<TicketView, 'problem' | 'done'> = {},
): Promise<TicketView> {
  const { staff, actor, ticket } = found;
  const [conversation, attachments, officer, diagnosis, gatewayEvents] = await Promise.all([
    deps.tickets.events(ticket.id, actor),
    deps.tickets.attachments(ticket.id, actor),
    officerOf(deps, ticket),
    diagnosisOf(deps, ticket),
    listRecentGatewayEvents(deps.store.db, ticket.user_id),
  ]);
  return {
    ticket,
    officer,
    diagnosis,
    gatewayEvents,
    conversation,
    attachments,
    canWork: mayWork(staff, ticket),
    csrf: staff.csrf,
    ...extra,
  };
}
