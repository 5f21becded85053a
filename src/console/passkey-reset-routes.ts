import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { findAccountById, reachableAccount } from '../accounts/index.ts';
import { AppError, statusOf } from '../errors.ts';
import { formatDateTime } from '../i18n/index.ts';
import { findPasskeys, resetPasskeys, type Passkey } from '../login/index.ts';
import { staffOf } from '../policy/index.ts';
import {
  checkText,
  csrfField,
  errorSummary,
  fieldError,
  html,
  renderConsolePage,
  routesPlugin,
  type ConsoleFeature,
} from '../web/index.ts';
import type { ConsoleDeps } from './index.ts';

const ResetForm = z.object({ reason: z.string().max(5000).catch('') });
const DoneQuery = z.object({ done: z.coerce.number().int().min(0).max(1000).optional() }).catch({});
const REASON_MAX = 500;

const path = (id: number) => `/console/accounts/${id}/passkeys`;

function resetPage(
  request: FastifyRequest,
  o: {
    id: number;
    userId: string;
    passkeys: readonly Passkey[];
    csrf: string;
    error?: string;
    done?: number;
  },
): string {
  const t = request.t;
  const title = `${t('passkeys.resetHeading')}: ${o.userId}`;
  return renderConsolePage(request, {
    title,
    hasError: o.error !== undefined,
    main: html`<h1>${title}</h1>
      ${errorSummary(t, o.error ? [o.error] : [])}
      ${
        o.done !== undefined
          ? html`<p class="status-box" role="status">
              ${t('passkeys.resetDone', { userId: o.userId, n: o.done })}
            </p>`
          : ''
      }
      <p>${t('passkeys.resetCount', { n: o.passkeys.length })}</p>
      ${
        o.passkeys.length > 0
          ? html`<ul>
              ${o.passkeys.map(
                (p) => html`<li>${p.name} (${formatDateTime(request.lang, p.createdAt)})</li>`,
              )}
            </ul>`
          : ''
      }
      <form method="post" action="${path(o.id)}/reset" novalidate>
        ${csrfField(o.csrf)}
        <label for="reason">${t('passkeys.resetReason')}</label>
        <p class="hint" id="reason-hint">${t('passkeys.resetReasonHint')}</p>
        ${fieldError('reason', o.error)}
        <textarea
          id="reason"
          name="reason"
          rows="3"
          maxlength="${REASON_MAX}"
          required
          aria-describedby="reason-hint${o.error ? ' reason-error' : ''}"
          ${o.error ? html`aria-invalid="true"` : ''}
        ></textarea>
        <p class="actions"><button type="submit">${t('passkeys.resetButton')}</button></p>
      </form>
      <p><a href="/console/accounts/${o.id}">${t('passkeys.backToAccount')}</a></p>`,
  });
}

/**
 * An administrator removes every passkey of an account in their reach (a lost or stolen key), with a
 * required reason: audited `passkey.reset` with the reason, and the officer is mailed through the outbox.
 * Needs `account.lifecycle`, like the other actions that change what an account can do.
 */
export function passkeyResetRoutes(deps: ConsoleDeps): ConsoleFeature {
  const options = { config: { permission: 'account.lifecycle' } } as const;
  return routesPlugin((app) => {
    app.get('/console/accounts/:id/passkeys', options, async (request, reply) => {
      const staff = staffOf(request);
      const target = await reachableAccount(deps, staff, request.params);
      const passkeys = await findPasskeys(deps.store.db, target.id);
      const { done } = DoneQuery.parse(request.query ?? {});
      const page = { id: target.id, userId: target.userId, passkeys, csrf: staff.csrf, done };
      return reply.page(resetPage(request, page));
    });

    app.post('/console/accounts/:id/passkeys/reset', options, async (request, reply) => {
      const staff = staffOf(request);
      const target = await reachableAccount(deps, staff, request.params);
      const typed = ResetForm.parse(request.body ?? {}).reason;
      const checked = checkText(typed, 'paragraph', REASON_MAX);
      if (!checked.ok || checked.value.length === 0) {
        const passkeys = await findPasskeys(deps.store.db, target.id);
        const error = request.t('passkeys.errResetReason');
        const page = { id: target.id, userId: target.userId, passkeys, csrf: staff.csrf, error };
        return reply.page(resetPage(request, page), statusOf('UNPROCESSABLE'));
      }
      const account = await findAccountById(deps.store.db, target.id);
      if (!account) throw new AppError('NOT_FOUND');
      const removed = await resetPasskeys(
        { db: deps.store.db, audit: deps.audit, keyring: deps.keyring, clock: deps.clock },
        { account, actor: staff.userId, reason: checked.value, ip: request.ip },
      );
      return reply.redirect(`${path(target.id)}?done=${removed}`, 303);
    });
  });
}
