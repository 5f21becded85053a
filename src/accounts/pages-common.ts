import { scopeOf, type Staff } from '../policy/index.ts';
import { formatDateTime, type Lang, type Translate } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import { ACTION_RULES, ACCOUNT_ACTIONS, checkTransition, type AccountAction } from './lifecycle-rules.ts';
import { staffReaches, type AccountTarget } from './lifecycle-target.ts';
import type { AccountStatus, Role } from './table.ts';

/** An account status in words (never colour alone). */
export function statusWords(t: Translate, status: AccountStatus): string {
  return t(`status_${status}`);
}

export function roleWords(t: Translate, role: Role): string {
  return t(`role_${role}`);
}

/** A moment as a `<time>` element, or the given placeholder when there is none. */
export function moment(lang: Lang, ms: number | null, none = '—'): SafeHtml {
  if (ms === null) return html`${none}`;
  return html`<time datetime="${new Date(ms).toISOString()}">${formatDateTime(lang, ms)}</time>`;
}

/** Picks the name in the page's language. */
export function inLang(lang: Lang, en: string | null, hi: string | null): string {
  return (lang === 'hi' ? hi : en) ?? en ?? '—';
}

/**
 * A person's name in the page's language: an officer's Hindi name (from the directory) on a Hindi page, the
 * English name on an English one. Staff accounts have only their English display name, marked as English.
 */
export function personName(
  lang: Lang,
  names: { nameEn: string | null; nameHi: string | null; displayName: string },
): SafeHtml {
  if (lang === 'hi' && names.nameHi) return html`<span lang="hi">${names.nameHi}</span>`;
  return html`<span lang="en">${names.nameEn ?? names.displayName}</span>`;
}

/** When access ends: the earlier of the account's validity and a scheduled end (e.g. office reopened). */
export function accessEnd(a: { validUntil: number | null; accessEndsAt: number | null }): number | null {
  const ends = [a.validUntil, a.accessEndsAt].filter((v): v is number => v !== null);
  return ends.length === 0 ? null : Math.min(...ends);
}

/** The actions `staff` may take on `target` now: permission, scope and lifecycle state all allow them. */
export function allowedActions(staff: Staff, target: AccountTarget): AccountAction[] {
  if (target.id === staff.accountId) return [];
  return ACCOUNT_ACTIONS.filter((action) => {
    const scope = scopeOf(staff.role, ACTION_RULES[action].permission);
    if (!scope) return false;
    if (!staffReaches({ ...staff, scope }, target)) return false;
    return checkTransition(action, target.status).ok;
  });
}

/** The account's console page, or one of its action pages. */
export function accountPath(id: number, action?: AccountAction): string {
  return action ? `/console/accounts/${id}/${action}` : `/console/accounts/${id}`;
}
