import type { FastifyRequest } from 'fastify';
import { dayText, isoDayText } from '../i18n/index.ts';
import { html, renderConsolePage } from '../web/index.ts';
import { TIMELINE_KINDS } from './event-types.ts';
import { dataTable } from './page-parts.ts';
import { searchString } from './search-params.ts';
import type { Person } from './search-service.ts';
import { renderStrip, type TimelineDay } from './timeline.ts';

export interface TimelineView {
  readonly person: Person;
  readonly days: readonly TimelineDay[];
  /** How many days back the timeline reaches, and whether the event cap cut it short. */
  readonly windowDays: number;
  readonly capped: boolean;
}

/** One person's access timeline: who they are, then a row per India-time day, newest first. */
export function renderTimelinePage(request: FastifyRequest, v: TimelineView): string {
  const t = request.t;
  const p = v.person;
  const name = (request.lang === 'hi' ? p.nameHi : p.nameEn) ?? p.displayName;
  const district = (request.lang === 'hi' ? p.districtHi : p.districtEn) ?? t('auditView.noDistrict');
  const columns = [
    t('auditView.col_day'),
    ...TIMELINE_KINDS.map((k) => t(`auditView.kind_${k}`)),
    t('auditView.kind_other'),
    t('auditView.col_strip'),
  ];
  const rows = v.days.map((d, i) => {
    const iso = isoDayText(d.day);
    return html`<tr>
      <th scope="row"><time datetime="${iso}">${dayText(d.day)}</time></th>
      ${TIMELINE_KINDS.map((k) => html`<td>${d.counts[k]}</td>`)}
      <td>${d.counts.other}</td>
      <td>${renderStrip(t, d, `strip-${i}`)}</td>
    </tr>`;
  });
  const search = searchString({
    user: p.userId,
    zone: undefined,
    district: undefined,
    action: undefined,
    from: undefined,
    to: undefined,
    q: undefined,
    before: undefined,
  });
  return renderConsolePage(request, {
    title: t('auditView.timelineTitle', { name }),
    main: html`<h1>${t('auditView.timelineTitle', { name })}</h1>
      <dl class="summary">
        <dt>${t('auditView.field_user')}</dt>
        <dd><code>${p.userId}</code></dd>
        <dt>${t('auditView.district')}</dt>
        <dd>${district}</dd>
        <dt>${t('auditView.accountStatus')}</dt>
        <dd>${t(`status_${p.status}`)}</dd>
      </dl>
      <p>${t('auditView.timelineIntro', { days: v.windowDays })}</p>
      ${v.capped ? html`<p class="status-box">${t('auditView.timelineCapped')}</p>` : ''}
      ${
        v.days.length === 0
          ? html`<p class="status-box">${t('auditView.timelineEmpty')}</p>`
          : dataTable(t('auditView.timelineCaption'), columns, rows)
      }
      <p class="actions">
        <a href="/console/audit?${search}">${t('auditView.timelineSearch')}</a>
        <a href="/console/audit">${t('auditView.backToSearch')}</a>
      </p>`,
  });
}
