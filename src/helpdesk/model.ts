import type { Selectable } from 'kysely';
import type { Role } from '../accounts/index.ts';
import type { Scope } from '../policy/index.ts';
import type { SupportLocationTable, TicketAttachmentTable, TicketEventTable, TicketTable } from './table.ts';

/**
 * The helpdesk's contract (issue 11): the words every part uses. The ticket service (`tickets.ts`), the
 * officer's help pages, the console's queues and the mail-reply listener all speak these types.
 */

export const TICKET_CATEGORIES = [
  'cannot_log_in',
  'activation_link',
  'inspection_failed',
  'back_office_unreachable',
  'slow',
  'other',
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

/** new → in_progress ↔ waiting_for_officer → resolved → closed; resolved or closed → reopened → in_progress. */
export const TICKET_STATUSES = [
  'new',
  'in_progress',
  'waiting_for_officer',
  'resolved',
  'closed',
  'reopened',
] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Who works a ticket: the location's system integrator first, then the helpdesk, then HQ. */
export const TICKET_TIERS = ['si', 'helpdesk', 'hq'] as const;
export type TicketTier = (typeof TICKET_TIERS)[number];

/** Where a ticket's change came from. */
export type TicketVia = 'portal' | 'console' | 'mail' | 'system';

export type TicketRow = Selectable<TicketTable>;
export type TicketEventRow = Selectable<TicketEventTable>;
export type TicketAttachmentRow = Selectable<TicketAttachmentTable>;
export type SupportLocationRow = Selectable<SupportLocationTable>;

/** A staff member as the helpdesk needs them: who, their role and how far they reach. */
export interface StaffActor {
  readonly kind: 'staff';
  readonly userId: string;
  readonly role: Role;
  /** The reach of their `ticket.read` grant. */
  readonly scope: Scope;
  readonly zoneId: string | null;
  readonly districtId: string | null;
  readonly ip: string | null;
}

/** The officer a ticket belongs to, acting on it from the portal (signed in or by mailed code) or by mail. */
export interface OfficerActor {
  readonly kind: 'officer';
  readonly accountId: number;
  readonly userId: string;
  readonly ip: string | null;
  readonly via: 'portal' | 'mail';
}

export interface SystemActor {
  readonly kind: 'system';
}

export type TicketActor = StaffActor | OfficerActor | SystemActor;

/** A file posted with a ticket or a reply; checked (size, type by content) before anything is stored. */
export interface NewAttachment {
  readonly fileName: string;
  readonly data: Buffer;
}

/**
 * May this actor see this ticket? Officers only their own; staff by the reach of `ticket.read`: all, their
 * zone, or their district (a system integrator's location). The system sees everything.
 */
export function canSeeTicket(
  actor: TicketActor,
  ticket: Pick<TicketRow, 'account_id' | 'zone_id' | 'district_id'>,
): boolean {
  switch (actor.kind) {
    case 'system':
      return true;
    case 'officer':
      return ticket.account_id === actor.accountId;
    case 'staff':
      if (actor.scope === 'all') return true;
      if (actor.scope === 'zone') return actor.zoneId !== null && ticket.zone_id === actor.zoneId;
      return actor.districtId !== null && ticket.district_id === actor.districtId;
  }
}

/**
 * The ticket service (implemented in `tickets.ts`, `createTicketService`). Every method checks the actor may
 * act on the ticket (an officer: their own; staff: within reach), records a `ticket_events` row and an audit
 * event, mails the officer on every public change (with the ticket's reply address), and throws `AppError`
 * codes (`TICKET_NOT_FOUND` also when the actor may not see it, `TICKET_FORBIDDEN` for staff out of reach —
 * audited —, `TICKET_INVALID`, `TICKET_STATE`, attachment codes) having changed nothing.
 */
export interface TicketService {
  /** An officer raises a ticket: queued for the SI of the officer's district, with SLA targets set. */
  open(
    actor: OfficerActor,
    input: {
      readonly category: TicketCategory;
      readonly description: string;
      readonly attachment?: NewAttachment | undefined;
    },
  ): Promise<TicketRow>;
  /** A public reply (officer or staff; mailed to the officer when staff write it) or an internal note (staff). */
  reply(
    ticketId: number,
    actor: OfficerActor | StaffActor,
    input: {
      readonly body: string;
      readonly visibility: 'public' | 'internal';
      readonly attachment?: NewAttachment | undefined;
    },
  ): Promise<TicketEventRow>;
  /** A staff member moves the ticket (an officer may only reopen a resolved one, or close it). */
  setStatus(
    ticketId: number,
    actor: OfficerActor | StaffActor,
    status: TicketStatus,
    reason?: string,
  ): Promise<TicketRow>;
  setPriority(ticketId: number, actor: StaffActor, priority: TicketPriority): Promise<TicketRow>;
  /** To the next tier, with a reason; audited; the new tier's SLA clock starts. */
  escalate(ticketId: number, actor: StaffActor | SystemActor, reason: string): Promise<TicketRow>;
  /** Records an action taken for the ticket (unlock, re-send activation) with its reason, as an internal event. */
  recordAction(ticketId: number, actor: StaffActor, action: string, reason: string): Promise<void>;
  find(ticketId: number, actor: TicketActor): Promise<TicketRow>;
  findByNumber(number: string, actor: TicketActor): Promise<TicketRow>;
  /** Events in order; internal notes only for staff. */
  events(ticketId: number, actor: TicketActor): Promise<TicketEventRow[]>;
  attachments(ticketId: number, actor: TicketActor): Promise<TicketAttachmentRow[]>;
  /** An officer's own tickets, newest first. */
  listOwn(actor: OfficerActor): Promise<TicketRow[]>;
}
