import type { FastifyRequest } from 'fastify';
import { html, renderConsolePage } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import { formatDateTime } from '../../i18n/index.ts';
import { localName } from '../pages-common.ts';
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
      html`<tr>
        <td>${t('proposals.workflow.proposalNo', { id: p.id })}</td>
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
        </td>
      </tr>`,
  );
  return renderConsolePage(request, {
    title: t('proposals.workflow.queueTitle'),
    main: html`<h1>${t('proposals.workflow.queueTitle')}</h1>
      ${
        proposals.length === 0
          ? html`<p class="status-box">${t('proposals.workflow.queueEmpty')}</p>`
          : html`<div class="table-wrap">
              <table class="data">
                <caption>
                  ${t('proposals.workflow.queueCaption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">${t('proposals.workflow.colProposal')}</th>
                    <th scope="col">${t('zone')}</th>
                    <th scope="col">${t('proposals.workflow.colSubmitted')}</th>
                    <th scope="col">${t('proposals.workflow.colCreatedBy')}</th>
                    <th scope="col">${t('proposals.workflow.colOfficers')}</th>
                    <th scope="col">${t('proposals.workflow.colPending')}</th>
                    <th scope="col">${t('proposals.workflow.review')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${rows}
                </tbody>
              </table>
            </div>`
      }`,
  });
}
