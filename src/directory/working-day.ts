import { addDays, indiaDay, indiaTime, isoDayText, weekday, type Day } from '../i18n/index.ts';

/**
 * When a reopened district's remote access ends: at the close of a working day in India, never to the minute
 * some hours after HQ pressed the button (which put the end at 3:43 am).
 */

/** The hour (India time, 24-hour clock) at which a government office's working day closes. */
export const WORKING_DAY_CLOSE_HOUR = 18;

/**
 * The calendar rule: UP government offices close on Sundays and on the second and fourth Saturdays of the
 * month. Gazetted holidays are not counted: the directory has no holiday list, and counting a holiday as a
 * working day only ends access a day sooner than it might, never later than the order allows.
 */
export function isWorkingDay(day: Day): boolean {
  const dow = weekday(day);
  if (dow === 0) return false;
  if (dow === 6) {
    const nth = Math.ceil(day.day / 7);
    return nth !== 2 && nth !== 4;
  }
  return true;
}

/** The `n`th working day after `day` (`day` itself is never counted; n = 0 gives `day`). */
export function workingDaysAfter(day: Day, n: number): Day {
  let d = day;
  for (let counted = 0; counted < n;) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) counted++;
  }
  return d;
}

/**
 * The instant a reopened district's access ends: the close of the working day (18:00 India time) on the
 * `workingDays`th working day after the order. An order dated in the past counts from the day HQ records it
 * instead: officers learn of it only then, and their notice must not shrink (or vanish) because the order
 * reached HQ late.
 */
export function reopenedAccessEnd(input: { orderDay: Day; recordedAt: number; workingDays: number }): number {
  const recordedDay = indiaDay(input.recordedAt);
  const from = isoDayText(input.orderDay) > isoDayText(recordedDay) ? input.orderDay : recordedDay;
  return indiaTime(workingDaysAfter(from, input.workingDays), WORKING_DAY_CLOSE_HOUR, 0);
}
