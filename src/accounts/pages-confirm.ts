import type { FastifyRequest } from 'fastify';
import { errorSummary, html, renderConsolePage, type SafeHtml } from '../web/index.ts';
import type { Staff } from '../policy/index.ts';
import { ACTION_RULES, REASON_MAX, REASON_MIN, type AccountAction } from './lifecycle-rules.ts';
import type { AccountTarget } from './lifecycle-target.ts';
import { accountPath, inLang, personName, statusWords } from './pages-common.ts';

export interface ConfirmView {
  staff: Staff;
  target: AccountTarget;
  action: AccountAction;
  /** What the administrator typed, shown again after an error. */
  reason?: string;
  /** A problem with the reason field, shown beside it. */
  reasonError?: string;
  /** A problem with the "I understand" box (revoke). */
  understoodError?: string;
  /** A problem with the action itself (e.g. not possible in the account's state): no form is shown. */
  blocked?: string;
}

function form(request: FastifyRequest, v: ConfirmView): SafeHtml {
  const t = request.t;
  const required = ACTION_RULES[v.action].reasonRequired;
  const describedBy = ['reason-hint', v.reasonError ? 'reason-error' : ''].filter(Boolean).join(' ');
  return html`<form method="post" action="${accountPath(v.target.id, v.action)}" novalidate>
    <input type="hidden" name="_csrf" value="${v.staff.csrf}" />
    <label for="reason">${required ? t('accounts.reasonLabel') : t('accounts.reasonOptional')}</label>
    <p class="hint" id="reason-hint">${t('accounts.reasonHint', { min: REASON_MIN, max: REASON_MAX })}</p>
    ${v.reasonError ? html`<p class="field-error" id="reason-error">${v.reasonError}</p>` : ''}
    <textarea
      id="reason"
      name="reason"
      rows="4"
      cols="60"
      maxlength="${REASON_MAX}"
      aria-describedby="${describedBy}"
      ${required ? html`required` : ''}
      ${v.reasonError ? html`aria-invalid="true"` : ''}
    >
${v.reason ?? ''}</textarea>
    ${
      v.action === 'revoke'
        ? html`${v.understoodError ? html`<p class="field-error" id="understood-error">${v.understoodError}</p>` : ''}
            <label class="checkbox" for="understood">
              <input
                type="checkbox"
                id="understood"
                name="understood"
                value="yes"
                ${v.understoodError ? html`aria-invalid="true" aria-describedby="understood-error"` : ''}
              />
              ${t('accounts.revokeUnderstood')}
            </label>`
        : ''
    }
    <p class="actions">
      <button type="submit">${t(`accounts.submit_${v.action}`)}</button>
      <a class="button secondary" href="${accountPath(v.target.id)}">${t('cancel')}</a>
    </p>
  </form>`;
}

/** The confirm step of an account action: what it will do, the reason, and the button that does it. */
export function renderConfirm(request: FastifyRequest, v: ConfirmView): string {
  const t = request.t;
  const a = v.target;
  const errors = [v.blocked, v.reasonError, v.understoodError].filter((e): e is string => Boolean(e));
  const title = t(`accounts.confirm_${v.action}`, { userId: a.userId });
  return renderConsolePage(request, {
    title,
    hasError: errors.length > 0,
    main: html`<p><a href="${accountPath(a.id)}">${t('accounts.backToAccount', { userId: a.userId })}</a></p>
      <h1>${title}</h1>
      ${errorSummary(t, errors)}
      <dl>
        <dt>${t('userId')}</dt>
        <dd>${a.userId}</dd>
        <dt>${t('accounts.name')}</dt>
        <dd>${personName(request.lang, a)}</dd>
        ${
          a.districtEn === null
            ? ''
            : html`<dt>${t('district')}</dt>
                <dd>${inLang(request.lang, a.districtEn, a.districtHi)}</dd>`
        }
        <dt>${t('accounts.status')}</dt>
        <dd>${statusWords(t, a.status)}</dd>
      </dl>
      <p class="status-box">${t(`accounts.explain_${v.action}`)}</p>
      ${
        v.blocked
          ? html`<p class="actions">
              <a class="button secondary" href="${accountPath(a.id)}"
                >${t('accounts.backToAccount', { userId: a.userId })}</a
              >
            </p>`
          : form(request, v)
      }`,
  });
}
