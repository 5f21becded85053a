import type { FastifyRequest } from 'fastify';
import { html, renderConsolePage, type SafeHtml } from '../../web/index.ts';
import type { Staff } from '../../policy/index.ts';
import {
  dataTable,
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
  return dataTable({
    caption: t('proposals.workflow.listCaption'),
    headings: [
      t('proposals.workflow.colProposal'),
      t('zone'),
      t('proposals.workflow.colStatus'),
      t('proposals.workflow.colOfficers'),
      t('proposals.workflow.colApproved'),
      t('proposals.workflow.colRejected'),
      t('proposals.workflow.colPending'),
      t('proposals.workflow.colProgress'),
    ],
    rows: proposals.map(
      (p) =>
        html`<td>
            <a href="/console/proposals/${p.id}">${t('proposals.workflow.proposalNo', { id: p.id })}</a>
          </td>
          <td>${localName(request, p.zoneEn, p.zoneHi)}</td>
          <td>${statusText(t, p.status)}</td>
          <td>${p.total}</td>
          <td>${p.approved}</td>
          <td>${p.rejected}</td>
          <td>${p.pending}</td>
          <td>${timeline(request, p)}</td>`,
    ),
  });
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
