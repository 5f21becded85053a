import { z } from 'zod';
import { AppError } from '../errors.ts';
import {
  TICKET_CATEGORIES,
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  type TicketCategory,
  type TicketPriority,
  type TicketStatus,
} from './model.ts';

/**
 * The ticket's rules that need no database: which status may follow which, for staff and for the officer;
 * the priority a category starts at; the subject; and the schemas every input passes through.
 */

/**
 * Staff moves: new → in_progress ↔ waiting_for_officer → resolved → closed; resolved or closed → reopened →
 * in_progress. A ticket that is new or reopened may also be resolved or put to the officer at once (an SI
 * who unlocks an account on the phone resolves it without a detour).
 */
const STAFF_MOVES: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['in_progress', 'waiting_for_officer', 'resolved'],
  in_progress: ['waiting_for_officer', 'resolved'],
  waiting_for_officer: ['in_progress', 'resolved'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['in_progress', 'waiting_for_officer', 'resolved'],
};

/** The officer may reopen a resolved or closed ticket, and close their own at any point. */
const OFFICER_MOVES: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['closed'],
  in_progress: ['closed'],
  waiting_for_officer: ['closed'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['closed'],
};

/** The statuses `who` may move a ticket to from `status` (none for a status we do not know). */
export function nextStatuses(who: 'staff' | 'officer', status: string): readonly TicketStatus[] {
  const parsed = STATUS.safeParse(status);
  if (!parsed.success) return [];
  return (who === 'staff' ? STAFF_MOVES : OFFICER_MOVES)[parsed.data];
}

/** A ticket about not being able to log in starts at high priority; everything else at normal. */
export const initialPriority = (category: TicketCategory): TicketPriority =>
  category === 'cannot_log_in' ? 'high' : 'normal';

const SUBJECT_WORDS = 8;
const SUBJECT_MAX = 100;

/** "<category>: <the description's first words>…", on one line, at most 100 characters. */
export function subjectOf(categoryLabel: string, description: string): string {
  const words = description.replace(/\s+/g, ' ').trim().split(' ');
  const head = words.slice(0, SUBJECT_WORDS).join(' ');
  let subject = `${categoryLabel}: ${head}${words.length > SUBJECT_WORDS ? '…' : ''}`;
  if (subject.length > SUBJECT_MAX) subject = `${subject.slice(0, SUBJECT_MAX - 1)}…`;
  return subject;
}

const STATUS = z.enum(TICKET_STATUSES);
const TEXT = z.string().trim().min(1).max(5000);
const REASON = z.string().trim().min(1).max(1000);

const SCHEMAS = {
  open: z.object({ category: z.enum(TICKET_CATEGORIES), description: TEXT }),
  reply: z.object({ body: TEXT, visibility: z.enum(['public', 'internal']) }),
  status: z.object({ status: STATUS, reason: REASON.optional() }),
  priority: z.enum(TICKET_PRIORITIES),
  reason: REASON,
  action: z.object({ action: z.string().regex(/^[a-z][a-z_]{0,39}$/), reason: REASON }),
} as const;

/** Parses an input with one of the ticket's schemas; anything else is `TICKET_INVALID` (400). */
export function parseTicketInput<K extends keyof typeof SCHEMAS>(
  kind: K,
  input: unknown,
): z.infer<(typeof SCHEMAS)[K]> {
  const parsed = SCHEMAS[kind].safeParse(input);
  if (!parsed.success) throw new AppError('TICKET_INVALID', { cause: parsed.error });
  return parsed.data as z.infer<(typeof SCHEMAS)[K]>;
}

/** `T-<year>-<six digits>`: the number after `last` (the year's highest so far), or the year's first. */
export function nextTicketNumber(year: number, last: string | undefined): string {
  const seq = last ? Number(last.slice(`T-${year}-`.length)) + 1 : 1;
  return `T-${year}-${String(seq).padStart(6, '0')}`;
}
