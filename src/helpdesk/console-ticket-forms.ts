import type { FastifyRequest } from 'fastify';
import type { AccountStatus } from '../accounts/index.ts';
import { csrfField, fieldError, html, invalid, type SafeHtml } from '../web/index.ts';
import { priorityWords, statusWords } from './console-words.ts';
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketRow } from './model.ts';

/** The forms on a ticket's page, each posting to `/console/helpdesk/tickets/<number>/<form>`. */
export const TICKET_FORMS = ['reply', 'status', 'priority', 'escalate', 'unlock', 'resend'] as const;
export type TicketForm = (typeof TICKET_FORMS)[number];

/** A refused post: which form, its field, what was typed and the sentence to show beside it. */
export interface FormProblem {
  readonly form: TicketForm;
  readonly field: string;
  readonly message: string;
  readonly typed: Readonly<Record<string, string>>;
}

/** The id of a form's field, which the error summary links to. */
export const fieldId = (form: TicketForm, field: string) => `${form}-${field}`;

interface FormContext {
  readonly request: FastifyRequest;
  readonly ticket: TicketRow;
  readonly csrf: string;
  readonly problem: FormProblem | undefined;
}

function action(c: FormContext, form: TicketForm): string {
  return `/console/helpdesk/tickets/${c.ticket.number}/${form}`;
}

/** The error for `form`'s `field`, when the refused post was that one. */
function errorOf(c: FormContext, form: TicketForm, field: string): string | undefined {
  return c.problem?.form === form && c.problem.field === field ? c.problem.message : undefined;
}

function typedOf(c: FormContext, form: TicketForm, field: string): string {
  return c.problem?.form === form ? (c.problem.typed[field] ?? '') : '';
}

/** A required reason (a paragraph) for `form`, with its label and its error. */
function reasonField(c: FormContext, form: TicketForm, label: string, required: boolean): SafeHtml {
  const id = fieldId(form, 'reason');
  const error = errorOf(c, form, 'reason');
  return html`<p>
    <label for="${id}">${label}</label>
    ${fieldError(id, error)}
    <textarea
      id="${id}"
      name="reason"
      rows="3"
      maxlength="500"
      ${required ? html`required` : ''}
      ${invalid(id, error)}
    >
${typedOf(c, form, 'reason')}</textarea>
  </p>`;
}

function replyForm(c: FormContext): SafeHtml {
  const t = c.request.t;
  const id = fieldId('reply', 'body');
  const error = errorOf(c, 'reply', 'body');
  const internal = typedOf(c, 'reply', 'visibility') === 'internal';
  return html`<form method="post" action="${action(c, 'reply')}">
    ${csrfField(c.csrf)}
    <h3>${t('helpdesk.replyHeading')}</h3>
    <p>
      <label for="${id}">${t('helpdesk.replyBody')}</label>
      ${fieldError(id, error)}
      <textarea id="${id}" name="body" rows="5" maxlength="5000" required ${invalid(id, error)}>
${typedOf(c, 'reply', 'body')}</textarea>
    </p>
    <fieldset>
      <legend>${t('helpdesk.replyVisibility')}</legend>
      <p>
        <input
          type="radio"
          id="reply-public"
          name="visibility"
          value="public"
          ${internal ? '' : html`checked`}
        />
        <label for="reply-public">${t('helpdesk.visibilityPublic')}</label>
      </p>
      <p>
        <input
          type="radio"
          id="reply-internal"
          name="visibility"
          value="internal"
          ${internal ? html`checked` : ''}
        />
        <label for="reply-internal">${t('helpdesk.visibilityInternal')}</label>
      </p>
    </fieldset>
    <p class="actions"><button type="submit">${t('helpdesk.replySend')}</button></p>
  </form>`;
}

function statusForm(c: FormContext): SafeHtml {
  const t = c.request.t;
  const id = fieldId('status', 'status');
  const error = errorOf(c, 'status', 'status');
  return html`<form method="post" action="${action(c, 'status')}">
    ${csrfField(c.csrf)}
    <h3>${t('helpdesk.statusHeading')}</h3>
    <p>
      <label for="${id}">${t('helpdesk.statusNew')}</label>
      ${fieldError(id, error)}
      <select id="${id}" name="status" ${invalid(id, error)}>
        ${TICKET_STATUSES.map(
          (s) =>
            html`<option value="${s}" ${s === c.ticket.status ? html`selected` : ''}>
              ${statusWords(t, s)}
            </option>`,
        )}
      </select>
    </p>
    ${reasonField(c, 'status', t('helpdesk.reasonOptional'), false)}
    <p class="actions"><button type="submit">${t('helpdesk.statusSave')}</button></p>
  </form>`;
}

function priorityForm(c: FormContext): SafeHtml {
  const t = c.request.t;
  const id = fieldId('priority', 'priority');
  const error = errorOf(c, 'priority', 'priority');
  return html`<form method="post" action="${action(c, 'priority')}">
    ${csrfField(c.csrf)}
    <h3>${t('helpdesk.priorityHeading')}</h3>
    <p>
      <label for="${id}">${t('helpdesk.col_priority')}</label>
      ${fieldError(id, error)}
      <select id="${id}" name="priority" ${invalid(id, error)}>
        ${TICKET_PRIORITIES.map(
          (p) =>
            html`<option value="${p}" ${p === c.ticket.priority ? html`selected` : ''}>
              ${priorityWords(t, p)}
            </option>`,
        )}
      </select>
    </p>
    <p class="actions"><button type="submit">${t('helpdesk.prioritySave')}</button></p>
  </form>`;
}

function reasonForm(c: FormContext, form: TicketForm, heading: string, hint: string, button: string) {
  const t = c.request.t;
  return html`<form method="post" action="${action(c, form)}">
    ${csrfField(c.csrf)}
    <h3>${heading}</h3>
    <p>${hint}</p>
    ${reasonField(c, form, t('helpdesk.reasonRequired'), true)}
    <p class="actions"><button type="submit">${button}</button></p>
  </form>`;
}

/**
 * The working forms of a ticket for someone who may work it: reply or note, status, priority, escalation
 * (not at the last tier) and the account actions the officer's account is in a state for.
 */
export function renderTicketForms(
  c: FormContext & { readonly accountStatus: AccountStatus | undefined },
): SafeHtml {
  const t = c.request.t;
  return html`<section aria-labelledby="work-heading">
    <h2 id="work-heading">${t('helpdesk.workHeading')}</h2>
    ${replyForm(c)} ${statusForm(c)} ${priorityForm(c)}
    ${
      c.ticket.tier === 'hq'
        ? ''
        : reasonForm(
            c,
            'escalate',
            t('helpdesk.escalateHeading'),
            t('helpdesk.escalateHint'),
            t('helpdesk.escalateButton'),
          )
    }
    ${
      c.accountStatus === 'locked'
        ? reasonForm(
            c,
            'unlock',
            t('helpdesk.unlockHeading'),
            t('helpdesk.unlockHint'),
            t('helpdesk.unlockButton'),
          )
        : ''
    }
    ${
      c.accountStatus === 'pending_activation'
        ? reasonForm(
            c,
            'resend',
            t('helpdesk.resendHeading'),
            t('helpdesk.resendHint'),
            t('helpdesk.resendButton'),
          )
        : ''
    }
  </section>`;
}
