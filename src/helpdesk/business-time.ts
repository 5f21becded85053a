import { isWorkingDay } from '../directory/index.ts';
import { addDays, indiaDay, indiaTime, isoDayText, type Day } from '../i18n/index.ts';

/**
 * Business time for the helpdesk's SLA clock: 10:00–18:00 India time on working days. A working day is not a
 * Sunday, not the second or fourth Saturday of its month (the rule `isWorkingDay` in src/directory states),
 * and not a gazetted holiday from the `holidays` table. Pure functions: the caller loads the holidays.
 */

/** The opening and closing hours of the helpdesk's working day (India time, 24-hour clock). */
export const BUSINESS_OPEN_HOUR = 10;
export const BUSINESS_CLOSE_HOUR = 18;

/** Gazetted holidays as `YYYY-MM-DD` India days. */
export type Holidays = ReadonlySet<string>;

const MINUTE = 60_000;
/** Ten years of days: no SLA target is longer, and a bad input must not loop for ever. */
const MAX_DAYS = 3_660;

/** Is the helpdesk's clock running on `day` at all? */
export function isBusinessDay(day: Day, holidays: Holidays): boolean {
  return isWorkingDay(day) && !holidays.has(isoDayText(day));
}

/** The day's window [open, close) in epoch ms, or undefined on a closed day. */
function windowOf(day: Day, holidays: Holidays): { open: number; close: number } | undefined {
  if (!isBusinessDay(day, holidays)) return undefined;
  return { open: indiaTime(day, BUSINESS_OPEN_HOUR, 0), close: indiaTime(day, BUSINESS_CLOSE_HOUR, 0) };
}

/**
 * The instant `minutes` business minutes after `start` (epoch ms). Time outside working hours does not
 * count: a ticket raised on Friday at 17:00 with 120 minutes due is due on Monday at 11:00 (or the next
 * working day). `minutes` ≤ 0 gives the first business instant at or after `start`.
 */
export function addBusinessMinutes(start: number, minutes: number, holidays: Holidays): number {
  let remaining = Math.max(0, minutes) * MINUTE;
  let day = indiaDay(start);
  let at = start;
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    const w = windowOf(day, holidays);
    if (!w) continue;
    const from = Math.max(at, w.open);
    if (from > w.close) continue;
    if (from + remaining <= w.close) return from + remaining;
    remaining -= w.close - from;
    at = w.close;
  }
  throw new RangeError('business time: no working day within ten years');
}

/**
 * Business minutes between `a` and `b` (epoch ms), counting only working hours on working days; 0 when `b`
 * is not after `a`. Fractions of a minute are kept (the caller rounds when it shows a number).
 */
export function businessMinutesBetween(a: number, b: number, holidays: Holidays): number {
  if (b <= a) return 0;
  let total = 0;
  let day = indiaDay(a);
  const last = isoDayText(indiaDay(b));
  for (let i = 0; i < MAX_DAYS && isoDayText(day) <= last; i++, day = addDays(day, 1)) {
    const w = windowOf(day, holidays);
    if (!w) continue;
    const from = Math.max(a, w.open);
    const to = Math.min(b, w.close);
    if (to > from) total += to - from;
  }
  return total / MINUTE;
}
