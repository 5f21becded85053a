import type { Transaction, Updateable } from 'kysely';
import { AppError } from '../errors.ts';
import { indiaDay, translator } from '../i18n/index.ts';
import type { Database } from '../store/index.ts';
import type {
  OfficerActor,
  StaffActor,
  TicketActor,
  TicketCategory,
  TicketRow,
  TicketStatus,
} from './model.ts';
import { dueDatesFrom, type TicketDeps } from './sla.ts';
import { recordAttachment, type CheckedAttachment } from './ticket-attachments.ts';
import { mailTicketOpened } from './ticket-mail.ts';
import {
  findLastTicketNumber,
  findSupportLocation,
  findTicketOwner,
  insertTicket,
  insertTicketEvent,
  updateTicketIfUnchanged,
  type TicketOwner,
} from './ticket-repository.ts';
import { initialPriority, nextTicketNumber, subjectOf } from './ticket-rules.ts';
import type { TicketTable } from './table.ts';

/**
 * The ticket service's writes inside a transaction the service opened: a new ticket, a change of status,
 * an attachment's row. Each records its event and audit record in the same transaction.
 */

export type Trx = Transaction<Database>;
export type Writer = OfficerActor | StaffActor;
export type StoredFile = { readonly ok: CheckedAttachment; readonly sha: string };
export type OpenInput = { readonly category: TicketCategory; readonly description: string };

export const whoOf = (actor: TicketActor) =>
  actor.kind === 'system' ? { userId: 'system', ip: null } : { userId: actor.userId, ip: actor.ip };
export const viaOf = (actor: TicketActor) =>
  actor.kind === 'officer' ? actor.via : actor.kind === 'staff' ? 'console' : 'system';

/**
 * A reply moves the ticket on: the officer's answer puts it back with staff (or reopens a resolved one);
 * staff's first public word takes a new or reopened ticket in hand.
 */
export function statusAfterReply(
  status: string,
  who: Writer['kind'],
  isPublic: boolean,
): TicketStatus | undefined {
  if (who === 'officer') {
    if (status === 'waiting_for_officer') return 'in_progress';
    return status === 'resolved' ? 'reopened' : undefined;
  }
  return isPublic && (status === 'new' || status === 'reopened') ? 'in_progress' : undefined;
}

export async function attachFile(
  trx: Trx,
  deps: TicketDeps,
  file: StoredFile | undefined,
  ticketId: number,
  eventId: number,
  by: string,
) {
  if (file) await recordAttachment(trx, { ticketId, eventId, by, now: deps.clock.now() }, file.ok, file.sha);
}

/** Where the ticket's officer is mailed: their account's address, else their directory entry's. */
export async function officerEmail(trx: Trx, ticket: TicketRow): Promise<string | null> {
  if (ticket.account_id === null) return null;
  return (await findTicketOwner(trx, ticket.account_id))?.email ?? null;
}

/** What a change of status does to the ticket's times (the SLA clocks and the milestones). */
export async function statusPatch(
  trx: Trx,
  deps: TicketDeps,
  ticket: TicketRow,
  to: TicketStatus,
  byStaff: boolean,
) {
  const at = deps.clock.now();
  const patch: Updateable<TicketTable> = { status: to, updated_at: at };
  if (byStaff && ticket.first_response_at === null)
    Object.assign(patch, { first_response_at: at, response_due_at: null });
  if (to === 'resolved')
    Object.assign(patch, { resolved_at: at, response_due_at: null, resolution_due_at: null });
  if (to === 'closed')
    Object.assign(patch, { closed_at: at, response_due_at: null, resolution_due_at: null });
  if (to === 'reopened') {
    const dues = await dueDatesFrom(trx, ticket.priority, at, true);
    Object.assign(patch, { resolved_at: null, closed_at: null, resolution_due_at: dues.resolution_due_at });
  }
  return patch;
}

/** Moves the ticket (if unchanged since read), with its public event and audit record. */
export async function changeStatus(
  trx: Trx,
  deps: TicketDeps,
  ticket: TicketRow,
  actor: Writer,
  to: TicketStatus,
  reason?: string,
) {
  const patch = await statusPatch(trx, deps, ticket, to, actor.kind === 'staff');
  const row = await updateTicketIfUnchanged(trx, ticket, patch);
  if (!row) throw new AppError('TICKET_STATE');
  const { userId, ip } = whoOf(actor);
  await insertTicketEvent(trx, {
    ticket_id: ticket.id,
    at: deps.clock.now(),
    kind: 'status',
    visibility: 'public',
    author: userId,
    via: viaOf(actor),
    body: reason ?? '',
    detail: JSON.stringify({ from: ticket.status, to }),
  });
  await deps.audit.append(
    {
      type: 'ticket.status_changed',
      actor: userId,
      ip,
      target: String(ticket.id),
      detail: { ticket: ticket.number, from: ticket.status, to, ...(reason ? { reason } : {}) },
    },
    trx,
  );
  return row;
}

/** Inserts a new ticket with its `created` event, attachment, audit record and mail, inside `trx`. */
export async function insertOpened(
  trx: Trx,
  deps: TicketDeps,
  actor: OfficerActor,
  input: OpenInput,
  file: StoredFile | undefined,
  owner: TicketOwner,
): Promise<TicketRow> {
  const at = deps.clock.now();
  const year = indiaDay(at).year;
  const category = input.category;
  const priority = initialPriority(category);
  const dues = await dueDatesFrom(trx, priority, at, false);
  const ticket = await insertTicket(trx, {
    number: nextTicketNumber(year, await findLastTicketNumber(trx, year)),
    account_id: actor.accountId,
    user_id: owner.userId,
    district_id: owner.districtId,
    zone_id: owner.zoneId,
    category,
    priority,
    status: 'new',
    tier: owner.districtId ? 'si' : 'helpdesk',
    subject: subjectOf(translator('en')(`tickets.category.${category}`), input.description),
    created_at: at,
    updated_at: at,
    first_response_at: null,
    resolved_at: null,
    closed_at: null,
    ...dues,
    response_breached_at: null,
    resolution_breached_at: null,
    escalated_at: null,
  });
  const event = await insertTicketEvent(trx, {
    ticket_id: ticket.id,
    at,
    kind: 'created',
    visibility: 'public',
    author: owner.userId,
    via: actor.via,
    body: input.description,
    detail: JSON.stringify({ category, priority, tier: ticket.tier }),
  });
  await attachFile(trx, deps, file, ticket.id, event.id, owner.userId);
  await deps.audit.append(
    {
      type: 'ticket.opened',
      actor: owner.userId,
      ip: actor.ip,
      target: String(ticket.id),
      detail: {
        ticket: ticket.number,
        category,
        priority,
        tier: ticket.tier,
        district: ticket.district_id,
      },
    },
    trx,
  );
  const location = owner.districtId ? await findSupportLocation(trx, owner.districtId) : undefined;
  await mailTicketOpened(trx, deps, ticket, owner.email, location);
  return ticket;
}
