import { z } from 'zod';
import type { AuditLog } from '../audit/index.ts';
import { parseDay } from '../i18n/index.ts';
import type { Store } from '../store/index.ts';
import { checkText } from '../web/index.ts';
import { deleteHoliday, insertHoliday, type HolidayRow } from './holidays-repository.ts';

export interface SettingsDeps {
  readonly store: Store;
  readonly audit: AuditLog;
}

interface Actor {
  readonly userId: string;
  readonly ip: string | null;
}

/** The holiday form as posted. */
export const HolidayForm = z.object({
  day: z.string().max(20).default(''),
  name_en: z.string().max(500).default(''),
  name_hi: z.string().max(500).default(''),
});
export type HolidayForm = z.infer<typeof HolidayForm>;

export type HolidayField = keyof HolidayForm;
/** Each problem has its sentence: `helpdesk.hol_<code>`. */
export type HolidayProblem = { readonly field: HolidayField; readonly code: 'day' | 'name' | 'exists' };

/** A `YYYY-MM-DD` day that exists in the calendar (2000–2100). */
export function checkHolidayDay(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return undefined;
  const day = parseDay(trimmed);
  if (!day || day.year < 2000 || day.year > 2100) return undefined;
  return trimmed;
}

/** Checks a holiday; the row to keep, or its problems. */
export function checkHoliday(
  f: HolidayForm,
): { ok: true; row: HolidayRow } | { ok: false; problems: HolidayProblem[] } {
  const problems: HolidayProblem[] = [];
  const day = checkHolidayDay(f.day);
  if (!day) problems.push({ field: 'day', code: 'day' });
  const en = checkText(f.name_en, 'line', 120);
  if (!en.ok || en.value === '') problems.push({ field: 'name_en', code: 'name' });
  const hi = checkText(f.name_hi, 'line', 120);
  if (!hi.ok || hi.value === '') problems.push({ field: 'name_hi', code: 'name' });
  if (!day || !en.ok || !hi.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, row: { day, nameEn: en.value, nameHi: hi.value } };
}

/** Adds a holiday, audited; `exists` when the day is already a holiday (nothing changed). */
export async function addHoliday(
  deps: SettingsDeps,
  actor: Actor,
  row: HolidayRow,
): Promise<'added' | 'exists'> {
  return deps.store.db.transaction().execute(async (trx) => {
    if (!(await insertHoliday(trx, row))) return 'exists';
    await deps.audit.append(
      {
        type: 'support.changed',
        actor: actor.userId,
        ip: actor.ip,
        target: row.day,
        detail: { what: 'holiday_added', day: row.day, name_en: row.nameEn, name_hi: row.nameHi },
      },
      trx,
    );
    return 'added';
  });
}

/** Removes a holiday, audited; false when the day was none. */
export async function removeHoliday(deps: SettingsDeps, actor: Actor, day: string): Promise<boolean> {
  return deps.store.db.transaction().execute(async (trx) => {
    const removed = await deleteHoliday(trx, day);
    if (!removed) return false;
    await deps.audit.append(
      {
        type: 'support.changed',
        actor: actor.userId,
        ip: actor.ip,
        target: day,
        detail: { what: 'holiday_removed', day, name_en: removed.nameEn },
      },
      trx,
    );
    return true;
  });
}
