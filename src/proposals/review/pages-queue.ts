import type { FastifyRequest } from 'fastify';
import { formatDateTime } from '../../i18n/index.ts';
import type { Staff } from '../../policy/index.ts';
import { html, renderConsolePage } from '../../web/index.ts';
import { dataTable, localName } from '../pages-common.ts';
import type { ProposalSummary } from '../queries.ts';

/** HQ's queue: submitted proposals, oldest first. */
export function renderReviewQueue(
  request: FastifyRequest,
  staff: Staff,
  proposals: readonly ProposalSummary[],
): string {
  const t = request.t;
  const rows = proposals.map(
    (p) =>
      html`<td>${t('proposals.workflow.proposalNo', { id: p.id })}</td>
        <td>${localName(request, p.zoneEn, p.zoneHi)}</td>
        <td>${p.submittedAt === null ? '—' : formatDateTime(request.lang, p.submittedAt)}</td>
        <td>${p.createdByName} (<code>${p.createdByUserId}</code>)</td>
        <td>${p.total}</td>
        <td>${p.pending}</td>
        <td>
          ${
            p.createdById === staff.accountId
              ? t('proposals.workflow.ownTitle')
              : html`<a href="/console/review/${p.id}">${t('proposals.workflow.review')} #${p.id}</a>`
          }
        </td>`,
  );
  const headings = [
    t('proposals.workflow.colProposal'),
    t('zone'),
    t('proposals.workflow.colSubmitted'),
    t('proposals.workflow.colCreatedBy'),
    t('proposals.workflow.colOfficers'),
    t('proposals.workflow.colPending'),
    t('proposals.workflow.review'),
  ];
  return renderConsolePage(request, {
    title: t('proposals.workflow.queueTitle'),
    main: html`<h1>${t('proposals.workflow.queueTitle')}</h1>
      ${
        proposals.length === 0
          ? html`<p class="status-box">${t('proposals.workflow.queueEmpty')}</p>`
          : dataTable({ caption: t('proposals.workflow.queueCaption'), headings, rows })
      }`,
  });
}
