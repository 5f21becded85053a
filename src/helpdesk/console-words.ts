import type { Lang, Translate } from '../i18n/index.ts';
import { hoursAndMinutes, type SlaClock } from './console-sla-clock.ts';
import { TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TIERS } from './model.ts';

/** The words the console's helpdesk pages and CSV use for a ticket's codes (`helpdesk.` keys). */

const isOf = <T extends string>(list: readonly T[], v: string): v is T =>
  (list as readonly string[]).includes(v);

/** A category in words (a code from an older release shows as itself). */
export function categoryWords(t: Translate, c: string): string {
  return isOf(TICKET_CATEGORIES, c) ? t(`helpdesk.category_${c}`) : c;
}
export function statusWords(t: Translate, s: string): string {
  return isOf(TICKET_STATUSES, s) ? t(`helpdesk.status_${s}`) : s;
}
export function priorityWords(t: Translate, p: string): string {
  return isOf(TICKET_PRIORITIES, p) ? t(`helpdesk.priority_${p}`) : p;
}
export function tierWords(t: Translate, tier: string): string {
  return isOf(TICKET_TIERS, tier) ? t(`helpdesk.tier_${tier}`) : tier;
}

/** The SLA column: time left to the current target, "breached", or a dash. */
export function slaWords(t: Translate, clock: SlaClock): string {
  switch (clock.kind) {
    case 'none':
      return '—';
    case 'breached':
      return t(`helpdesk.sla_breached_${clock.target}`);
    case 'left':
      return t(`helpdesk.sla_left_${clock.target}`, hoursAndMinutes(clock.minutes));
  }
}

/** How long ago a ticket was opened: `2 d 3 h`, `3 h 05 min`. */
export function ageWords(t: Translate, createdAt: number, now: number): string {
  const minutes = Math.max(0, Math.floor((now - createdAt) / 60_000));
  const days = Math.floor(minutes / 1440);
  if (days > 0) return t('helpdesk.ageDays', { d: days, h: Math.floor((minutes % 1440) / 60) });
  return t('helpdesk.ageHours', hoursAndMinutes(minutes));
}

/** The officer's name in the page's language, else the account's display name, else nothing. */
export function officerName(
  lang: Lang,
  r: { displayName: string | null; nameEn: string | null; nameHi: string | null },
): string {
  return (lang === 'hi' ? r.nameHi : r.nameEn) ?? r.nameEn ?? r.displayName ?? '';
}
