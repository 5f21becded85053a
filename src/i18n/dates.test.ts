import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayText,
  fileStamp,
  formatDateTime,
  formatLongDate,
  indiaDay,
  indiaTime,
  parseDay,
  weekday,
} from './dates.ts';

// 2026-12-01 22:13 UTC is 2026-12-02 03:43 in India.
const LATE_UTC = Date.UTC(2026, 11, 1, 22, 13);

describe('India dates', () => {
  it('puts an instant on its India day and clock, 24-hour, in one script in both languages', () => {
    expect(dayText(indiaDay(LATE_UTC))).toBe('02-12-2026');
    expect(formatDateTime('en', LATE_UTC)).toBe('02-12-2026, 03:43');
    expect(formatDateTime('hi', LATE_UTC)).toBe('02-12-2026, 03:43');
    expect(formatLongDate('hi', LATE_UTC, true)).not.toMatch(/am|pm/i);
    expect(formatLongDate('en', LATE_UTC)).toBe('2 December 2026');
    expect(fileStamp(LATE_UTC)).toBe('2026-12-02_0343');
  });

  it('reads dd-mm-yyyy, dd/mm/yyyy and yyyy-mm-dd, and refuses days that do not exist', () => {
    expect(parseDay('05-12-2026')).toEqual({ year: 2026, month: 12, day: 5 });
    expect(parseDay(' 5/12/2026 ')).toEqual({ year: 2026, month: 12, day: 5 });
    expect(parseDay('2026-12-05')).toEqual({ year: 2026, month: 12, day: 5 });
    for (const bad of ['31-02-2026', '2026-13-01', '12-2026', '', '05-12-26', 'tomorrow'])
      expect(parseDay(bad), bad).toBeNull();
  });

  it('turns an India wall time back into the instant, and counts days across months', () => {
    const day = { year: 2026, month: 12, day: 31 };
    expect(new Date(indiaTime(day, 18)).toISOString()).toBe('2026-12-31T12:30:00.000Z');
    expect(addDays(day, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(weekday(day)).toBe(4);
  });
});
