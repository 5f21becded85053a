import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { applyAccountAction, type LifecycleDeps } from '../accounts/index.ts';
import { AppError, ERRORS, isAppError, statusOf, type ErrorCode } from '../errors.ts';
import type { Staff } from '../policy/index.ts';
import { checkText } from '../web/index.ts';
import { grantReaches, loadTicketView, requireWork, type TicketAccessDeps } from './console-access.ts';
import { TICKET_FORMS, type FormProblem, type TicketForm } from './console-ticket-forms.ts';
import { renderTicketPage } from './console-ticket-page.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES, type StaffActor, type TicketRow } from './model.ts';

export type TicketActionDeps = TicketAccessDeps & LifecycleDeps;

/** Reasons are kept in the audit trail: a few words at least, one paragraph at most. */
export const REASON_MIN = 5;
export const REASON_MAX = 500;
export const BODY_MAX = 5000;

/** Every form's fields, all optional here: the checks below say what is missing, in words. */
const Form = z.object({
  body: z.string().max(20_000).optional(),
  visibility: z.string().max(20).optional(),
  status: z.string().max(40).optional(),
  priority: z.string().max(40).optional(),
  reason: z.string().max(5_000).optional(),
});
type Form = z.infer<typeof Form>;

/** The account action behind a form, and the permission it needs over the officer's account. */
const ACCOUNT_FORMS = {
  unlock: { action: 'unlock', permission: 'account.unlock' },
  resend: { action: 'resend', permission: 'account.resend_activation' },
} as const;

type Outcome = { readonly done: TicketForm } | { readonly problem: FormProblem; readonly status: number };

interface Ctx {
  readonly deps: TicketActionDeps;
  readonly request: FastifyRequest;
  readonly staff: Staff;
  readonly actor: StaffActor;
  readonly ticket: TicketRow;
  readonly form: TicketForm;
  readonly typed: Record<string, string>;
}

function problemOf(c: Ctx, field: string, message: string, status = statusOf('VALIDATION_FAILED')): Outcome {
  return { problem: { form: c.form, field, message, typed: c.typed }, status };
}

/** A reason: required for escalations and account actions, optional for a status change. */
function checkReason(c: Ctx, raw: string, required: boolean): string | null | Outcome {
  const t = c.request.t;
  const checked = checkText(raw, 'paragraph', REASON_MAX);
  if (!checked.ok) return problemOf(c, 'reason', t('helpdesk.errReasonText', { max: REASON_MAX }));
  if (checked.value === '') return required ? problemOf(c, 'reason', t('helpdesk.errReasonMissing')) : null;
  if (checked.value.length < REASON_MIN)
    return problemOf(c, 'reason', t('helpdesk.errReasonShort', { min: REASON_MIN }));
  return checked.value;
}

function requiredReason(c: Ctx, raw: string): string | Outcome {
  return checkReason(c, raw, true) ?? problemOf(c, 'reason', c.request.t('helpdesk.errReasonMissing'));
}

const isOutcome = (v: unknown): v is Outcome => typeof v === 'object' && v !== null;

/** A refusal of the ticket service or an account action as the form's problem (its sentence, its status). */
function refusal(c: Ctx, field: string, code: ErrorCode): Outcome {
  return problemOf(c, field, c.request.t(ERRORS[code].body), statusOf(code));
}

async function accountAction(c: Ctx, form: 'unlock' | 'resend', reason: string): Promise<Outcome> {
  const accountId = c.ticket.account_id;
  if (accountId === null) return refusal(c, 'reason', 'NOT_FOUND');
  const rule = ACCOUNT_FORMS[form];
  const result = await applyAccountAction(c.deps, {
    accountId,
    action: rule.action,
    actor: { accountId: c.staff.accountId, userId: c.staff.userId },
    reason,
    ip: c.request.ip,
    // The account's own scope rule, against the row as it is inside the action's transaction.
    // Staff accounts sit in no zone or district: only a state-wide grant reaches them.
    mayAct: (target) =>
      grantReaches(
        c.staff,
        rule.permission,
        target.officerId === null
          ? { zoneId: null, districtId: null }
          : { zoneId: target.zoneId, districtId: target.districtId },
      ),
  });
  if (!result.ok) {
    if (result.code === 'FORBIDDEN') throw new AppError('TICKET_FORBIDDEN');
    return refusal(c, 'reason', result.code);
  }
  await c.deps.tickets.recordAction(c.ticket.id, c.actor, rule.action, reason);
  return { done: form };
}

/** Runs one form's post; the ticket service's refusals come back as the form's problem. */
async function perform(c: Ctx, f: Form): Promise<Outcome> {
  const t = c.request.t;
  const { tickets } = c.deps;
  switch (c.form) {
    case 'reply': {
      const body = checkText(f.body ?? '', 'paragraph', BODY_MAX);
      if (!body.ok || body.value === '')
        return problemOf(c, 'body', t('helpdesk.errBody', { max: BODY_MAX }));
      const visibility = f.visibility === 'internal' ? 'internal' : 'public';
      await tickets.reply(c.ticket.id, c.actor, { body: body.value, visibility });
      return { done: 'reply' };
    }
    case 'status': {
      const status = z.enum(TICKET_STATUSES).safeParse(f.status);
      if (!status.success) return problemOf(c, 'status', t('helpdesk.errStatus'));
      const reason = checkReason(c, f.reason ?? '', false);
      if (isOutcome(reason)) return reason;
      await tickets.setStatus(c.ticket.id, c.actor, status.data, reason ?? undefined);
      return { done: 'status' };
    }
    case 'priority': {
      const priority = z.enum(TICKET_PRIORITIES).safeParse(f.priority);
      if (!priority.success) return problemOf(c, 'priority', t('helpdesk.errPriority'));
      await tickets.setPriority(c.ticket.id, c.actor, priority.data);
      return { done: 'priority' };
    }
    case 'escalate': {
      const reason = requiredReason(c, f.reason ?? '');
      if (isOutcome(reason)) return reason;
      await tickets.escalate(c.ticket.id, c.actor, reason);
      return { done: 'escalate' };
    }
    case 'unlock':
    case 'resend': {
      const reason = requiredReason(c, f.reason ?? '');
      if (isOutcome(reason)) return reason;
      return accountAction(c, c.form, reason);
    }
  }
}

const FIELD_OF: Record<TicketForm, string> = {
  reply: 'body',
  status: 'status',
  priority: 'priority',
  escalate: 'reason',
  unlock: 'reason',
  resend: 'reason',
};

/** The codes of the ticket service that mean "not now" or "not like this": shown beside the form. */
const SHOWN = new Set<ErrorCode>(['TICKET_INVALID', 'TICKET_STATE']);

/**
 * The ticket's forms: `POST /console/helpdesk/tickets/<number>/<form>` (`ticket.work`; CSRF is the
 * console scope's). A bad input shows the page again with the problem beside its field, having changed
 * nothing; success redirects back to the ticket, which says what was done.
 */
export function registerTicketActions(app: FastifyInstance, deps: TicketActionDeps): void {
  const work = { config: { permission: 'ticket.work' } } as const;
  for (const form of TICKET_FORMS) {
    app.post(`/console/helpdesk/tickets/:number/${form}`, work, async (request, reply: FastifyReply) => {
      const found = await requireWork(deps, request, form);
      const parsed = Form.safeParse(request.body ?? {});
      const fields = parsed.success ? parsed.data : {};
      const typed: Record<string, string> = {};
      for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') typed[k] = v;
      const c: Ctx = { deps, request, ...found, form, typed };
      let outcome: Outcome;
      try {
        outcome = parsed.success
          ? await perform(c, fields)
          : problemOf(c, FIELD_OF[form], request.t('helpdesk.errForm'));
      } catch (error) {
        if (!isAppError(error) || !SHOWN.has(error.code)) throw error;
        outcome = refusal(c, FIELD_OF[form], error.code);
      }
      if ('done' in outcome)
        return reply.redirect(`/console/helpdesk/tickets/${found.ticket.number}?done=${outcome.done}`, 303);
      const view = await loadTicketView(deps, found, { problem: outcome.problem });
      return reply.page(renderTicketPage(request, view), outcome.status);
    });
  }
}
