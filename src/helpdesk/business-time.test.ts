import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween, isBusinessDay } from './business-time.ts';

/** An instant given in India time (UTC+05:30). */
const ist = (month: number, day: number, hour: number, minute = 0) =>
  Date.UTC(2026, month - 1, day, hour, minute) - 5.5 * 3_600_000;

const NONE = new Set<string>();
const CHRISTMAS = new Set(['2026-12-25']);

describe('addBusinessMinutes (10:00–18:00 India time on working days)', () => {
  it.each([
    ['within the day', ist(12, 7, 11), 60, NONE, ist(12, 7, 12)],
    [
      'Friday evening → Monday (second Saturday and Sunday closed)',
      ist(12, 11, 17),
      120,
      NONE,
      ist(12, 14, 11),
    ],
    ['Friday evening → the first Saturday, which is open', ist(12, 4, 17), 120, NONE, ist(12, 5, 11)],
    [
      'a holiday, then the fourth Saturday and Sunday',
      ist(12, 24, 17, 30),
      60,
      CHRISTMAS,
      ist(12, 28, 10, 30),
    ],
    ['the same without the holiday lands on Friday', ist(12, 24, 17, 30), 60, NONE, ist(12, 25, 10, 30)],
    ['across midnight', ist(12, 8, 20), 30, NONE, ist(12, 9, 10, 30)],
    ['before opening, no minutes: the opening', ist(12, 9, 7), 0, NONE, ist(12, 9, 10)],
    ['ending exactly at 18:00', ist(12, 8, 17), 60, NONE, ist(12, 8, 18)],
    ['starting exactly at 18:00 runs on the next working day', ist(12, 8, 18), 1, NONE, ist(12, 9, 10, 1)],
    ['two full working days', ist(12, 7, 10), 960, NONE, ist(12, 8, 18)],
    ['on a Sunday the clock starts on Monday', ist(12, 13, 12), 30, NONE, ist(12, 14, 10, 30)],
  ])('%s', (_name, start, minutes, holidays, expected) => {
    expect(new Date(addBusinessMinutes(start, minutes, holidays)).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });
});

describe('businessMinutesBetween', () => {
  it.each([
    ['within the day', ist(12, 7, 11), ist(12, 7, 12), NONE, 60],
    ['Friday evening → Monday', ist(12, 11, 17), ist(12, 14, 11), NONE, 120],
    ['over a holiday', ist(12, 24, 17, 30), ist(12, 28, 10, 30), CHRISTMAS, 60],
    ['night only', ist(12, 8, 20), ist(12, 9, 9), NONE, 0],
    ['backwards', ist(12, 9, 12), ist(12, 9, 11), NONE, 0],
    ['a whole closed weekend', ist(12, 12, 0), ist(12, 14, 0), NONE, 0],
    ['across midnight', ist(12, 8, 17), ist(12, 9, 11), NONE, 120],
  ])('%s', (_name, a, b, holidays, expected) => {
    expect(businessMinutesBetween(a, b, holidays)).toBe(expected);
  });

  it('undoes addBusinessMinutes from any working instant', () => {
    for (const start of [ist(12, 7, 10), ist(12, 11, 17, 45), ist(12, 24, 12)])
      for (const minutes of [1, 59, 240, 480, 961, 2400])
        expect(businessMinutesBetween(start, addBusinessMinutes(start, minutes, CHRISTMAS), CHRISTMAS)).toBe(
          minutes,
        );
  });
});

describe('isBusinessDay', () => {
  it('is closed on a gazetted holiday', () => {
    expect(isBusinessDay({ year: 2026, month: 12, day: 25 }, CHRISTMAS)).toBe(false);
    expect(isBusinessDay({ year: 2026, month: 12, day: 24 }, CHRISTMAS)).toBe(true);
  });
});
