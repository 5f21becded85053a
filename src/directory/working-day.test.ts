import { describe, expect, it } from 'vitest';
import { formatDateTime, parseDay, type Day } from '../i18n/index.ts';
import { isWorkingDay, reopenedAccessEnd, WORKING_DAY_CLOSE_HOUR, workingDaysAfter } from './working-day.ts';

const day = (text: string): Day => {
  const d = parseDay(text);
  if (!d) throw new Error(`not a day: ${text}`);
  return d;
};
/** An instant given in India time, "dd-mm-yyyy HH:MM". */
const ist = (text: string): number => {
  const [d = '', t = '00:00'] = text.split(' ');
  const [h, m] = t.split(':').map(Number);
  const { year, month, day: dd } = day(d);
  return Date.UTC(year, month - 1, dd, h ?? 0, m ?? 0) - 5.5 * 3_600_000;
};
const end = (orderDay: string, recordedAt: number, workingDays = 3) =>
  formatDateTime('en', reopenedAccessEnd({ orderDay: day(orderDay), recordedAt, workingDays }));

describe('working days (UP government calendar)', () => {
  it('skips Sundays and the second and fourth Saturdays only', () => {
    // December 2026: Saturdays fall on 5, 12, 19 and 26; Sundays on 6, 13, 20 and 27.
    expect(isWorkingDay(day('04-12-2026'))).toBe(true); // Friday
    expect(isWorkingDay(day('05-12-2026'))).toBe(true); // first Saturday
    expect(isWorkingDay(day('06-12-2026'))).toBe(false); // Sunday
    expect(isWorkingDay(day('12-12-2026'))).toBe(false); // second Saturday
    expect(isWorkingDay(day('19-12-2026'))).toBe(true); // third Saturday
    expect(isWorkingDay(day('26-12-2026'))).toBe(false); // fourth Saturday
    expect(isWorkingDay(day('27-12-2026'))).toBe(false); // Sunday
    expect(isWorkingDay(day('30-01-2027'))).toBe(true); // fifth Saturday
  });

  it('counts only days after the given one', () => {
    expect(workingDaysAfter(day('07-12-2026'), 0)).toEqual(day('07-12-2026'));
    expect(workingDaysAfter(day('07-12-2026'), 1)).toEqual(day('08-12-2026'));
    expect(workingDaysAfter(day('11-12-2026'), 1)).toEqual(day('14-12-2026'));
  });
});

describe('end of a reopened district’s access', () => {
  it('is the close of the working day, India time, as a named hour', () => {
    expect(WORKING_DAY_CLOSE_HOUR).toBe(18);
    const ends = reopenedAccessEnd({
      orderDay: day('01-12-2026'),
      recordedAt: ist('01-12-2026 10:15'),
      workingDays: 3,
    });
    expect(ends).toBe(Date.UTC(2026, 11, 4, 12, 30)); // 18:00 IST is 12:30 UTC
    expect(formatDateTime('en', ends)).toBe('04-12-2026, 18:00');
  });

  it('is not to the minute 72 hours later: recorded at 03:43 it still ends at 18:00', () => {
    expect(end('09-12-2026', ist('09-12-2026 03:43'))).toBe('14-12-2026, 18:00');
  });

  it('skips a Sunday', () => {
    // Thursday: Friday 4, Saturday 5 (first Saturday, a working day), Sunday 6 skipped, Monday 7.
    expect(end('03-12-2026', ist('03-12-2026 10:00'))).toBe('07-12-2026, 18:00');
  });

  it('skips a second Saturday and the Sunday after it', () => {
    // Wednesday: Thursday 10, Friday 11, Saturday 12 and Sunday 13 skipped, Monday 14.
    expect(end('09-12-2026', ist('09-12-2026 17:59'))).toBe('14-12-2026, 18:00');
  });

  it('crosses the end of a month and of a year', () => {
    // Wednesday 30-12: Thursday 31, Friday 01-01-2027, Saturday 02-01 (first Saturday).
    expect(end('30-12-2026', ist('30-12-2026 11:00'))).toBe('02-01-2027, 18:00');
    // Monday 30-11: Tuesday 01-12, Wednesday 02-12, Thursday 03-12.
    expect(end('30-11-2026', ist('30-11-2026 19:30'))).toBe('03-12-2026, 18:00');
    // 23-12 to 28-12 across the fourth Saturday and a Sunday.
    expect(end('23-12-2026', ist('23-12-2026 09:00'))).toBe('28-12-2026, 18:00');
  });

  it('counts an order dated in the past from the day HQ records it, so the notice is never shorter', () => {
    // Ordered on Tuesday 1 December, recorded on Thursday 3 December: counted from the Thursday.
    expect(end('01-12-2026', ist('03-12-2026 10:00'))).toBe('07-12-2026, 18:00');
    // An order weeks old does not end access at once.
    expect(end('02-11-2026', ist('03-12-2026 10:00'))).toBe('07-12-2026, 18:00');
  });

  it('takes "today" from India time, not UTC', () => {
    // 20:00 UTC on Thursday 3 December is 01:30 on Friday 4 December in India.
    const recordedAt = Date.UTC(2026, 11, 3, 20, 0);
    expect(end('03-12-2026', recordedAt)).toBe('08-12-2026, 18:00');
  });

  it('follows the configured number of working days', () => {
    expect(end('07-12-2026', ist('07-12-2026 10:00'), 1)).toBe('08-12-2026, 18:00');
    expect(end('07-12-2026', ist('07-12-2026 10:00'), 5)).toBe('14-12-2026, 18:00');
  });
});
