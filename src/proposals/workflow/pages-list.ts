import type { FastifyRequest } from 'fastify';
import { html, renderConsolePage, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import {
  linkedErrorSummary,
  localName,
  notice,
  statusText,
  timeline,
  type FieldError,
} from '../pages-common.ts';
import { renderPicker, type PickerView } from './pages-picker.ts';
import type { ProposalSummary } from '../queries.ts';

export interface ListView {
  readonly proposals: readonly ProposalSummary[];
  /** Present for those who may create proposals. */
  readonly picker?: PickerView;
  readonly errors?: readonly FieldError[];
  readonly notice?: readonly string[];
}

function proposalTable(request: FastifyRequest, proposals: readonly ProposalSummary[]): SafeHtml {
  const t = request.t;
  return html`<div class="table-wrap">
    <table class="data">
      <caption>
        ${t('proposals.workflow.listCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('proposals.workflow.colProposal')}</th>
          <th scope="col">${t('zone')}</th>
          <th scope="col">${t('proposals.workflow.colStatus')}</th>
          <th scope="col">${t('proposals.workflow.colOfficers')}</th>
          <th scope="col">${t('proposals.workflow.colApproved')}</th>
          <th scope="col">${t('proposals.workflow.colRejected')}</th>
          <th scope="col">${t('proposals.workflow.colPending')}</th>
          <th scope="col">${t('proposals.workflow.colProgress')}</th>
        </tr>
      </thead>
      <tbody>
        ${proposals.map(
          (p) =>
            html`<tr>
              <td>
                <a href="/console/proposals/${p.id}">${t('proposals.workflow.proposalNo', { id: p.id })}</a>
              </td>
              <td>${localName(request, p.zoneEn, p.zoneHi)}</td>
              <td>${statusText(t, p.status)}</td>
              <td>${p.total}</td>
              <td>${p.approved}</td>
              <td>${p.rejected}</td>
              <td>${p.pending}</td>
              <td>${timeline(request, p)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** `/console/proposals`: the staff member's proposals, newest first, and the "New proposal" area. */
export function renderProposalList(request: FastifyRequest, staff: Staff, v: ListView): string {
  const t = request.t;
  const errors = v.errors ?? [];
  const empty = v.picker ? t('proposals.workflow.listEmptyCreate') : t('proposals.workflow.listEmpty');
  return renderConsolePage(request, {
    title: t('proposals.workflow.listTitle'),
    hasError: errors.length > 0,
    main: html`<h1>${t('proposals.workflow.listTitle')}</h1>
      ${linkedErrorSummary(t, errors)} ${notice(v.notice)}
      ${
        v.proposals.length === 0
          ? html`<p class="status-box">${empty}</p>`
          : proposalTable(request, v.proposals)
      }
      ${v.picker ? renderPicker(request, staff, v.picker) : ''}`,
  });
}
