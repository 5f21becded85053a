import type { FastifyRequest } from 'fastify';
import { html, renderConsolePage } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { itemsTable } from './pages-detail.ts';
import { localName } from '../pages-common.ts';
import type { ProposalItemView, ProposalSummary } from '../queries.ts';

/** The confirm step before a draft goes to HQ: what will be sent, then "Yes, submit". */
export function renderSubmitConfirm(
  request: FastifyRequest,
  staff: Staff,
  v: { proposal: ProposalSummary; items: readonly ProposalItemView[] },
): string {
  const t = request.t;
  const p = v.proposal;
  const title = t('proposals.workflow.submitTitle', { id: p.id });
  const open = v.items.filter((i) => i.officeStatus === 'open').length;
  return renderConsolePage(request, {
    title,
    main: html`<h1>${title}</h1>
      <p>
        ${t('proposals.workflow.submitSummary', { n: v.items.length, zone: localName(request, p.zoneEn, p.zoneHi) })}
      </p>
      ${open > 0 ? html`<p class="status-box bad">⚠ ${t('proposals.workflow.submitOpenWarning', { n: open })}</p>` : ''}
      <p>${t('proposals.workflow.submitAfter')}</p>
      ${itemsTable(request, { proposal: p, items: v.items, canEdit: false })}
      <form method="post" action="/console/proposals/${p.id}/submit">
        <input type="hidden" name="_csrf" value="${staff.csrf}" />
        <input type="hidden" name="confirm" value="yes" />
        <p class="actions">
          <button type="submit">${t('proposals.workflow.submitConfirm')}</button>
          <a class="button secondary" href="/console/proposals/${p.id}">${t('proposals.workflow.cancel')}</a>
        </p>
      </form>`,
  });
}
