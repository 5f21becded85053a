import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/index.ts';
import { groupByIndiaDay, renderStrip, stripText } from './timeline.ts';

const t = translator('en');
/** 30-11-2026 23:50 UTC = 01-12-2026 05:20 in India. */
const LATE_UTC = Date.UTC(2026, 10, 30, 23, 50);

describe('a person’s timeline', () => {
  it('puts an event on the India-time day it happened, not the UTC day', () => {
    const days = groupByIndiaDay([{ at: LATE_UTC, type: 'login.succeeded' }]);
    expect(days.map((d) => d.day)).toEqual([{ year: 2026, month: 12, day: 1 }]);
    expect(days[0]?.marks).toEqual([{ minute: 5 * 60 + 20, kind: 'signin' }]);
  });

  it('splits at India midnight (18:30 UTC) and lists the newest day first', () => {
    const beforeMidnight = Date.UTC(2026, 10, 30, 18, 29);
    const afterMidnight = Date.UTC(2026, 10, 30, 18, 30);
    const days = groupByIndiaDay([
      { at: beforeMidnight, type: 'session.handoff' },
      { at: afterMidnight, type: 'login.failed' },
      { at: afterMidnight + 60_000, type: 'mail.sent' },
    ]);
    expect(days.map((d) => d.day.day)).toEqual([1, 30]);
    expect(days[0]?.counts).toMatchObject({ denial: 1, other: 1, handoff: 0 });
    expect(days[1]?.counts).toMatchObject({ handoff: 1, denial: 0 });
    expect(days[1]?.marks).toEqual([{ minute: 23 * 60 + 59, kind: 'handoff' }]);
  });

  it('counts an event type it does not know as other, with no mark', () => {
    const [day] = groupByIndiaDay([{ at: LATE_UTC, type: 'future.kind' }]);
    expect(day?.counts.other).toBe(1);
    expect(day?.marks).toEqual([]);
  });

  it('draws a strip with a text alternative naming each mark’s time, and no script', () => {
    const [day] = groupByIndiaDay([
      { at: LATE_UTC, type: 'login.succeeded' },
      { at: LATE_UTC + 90 * 60_000, type: 'session.ended' },
    ]);
    if (!day) throw new Error('no day');
    expect(stripText(t, day)).toBe('Sign-ins: 05:20; Session ends: 06:50');
    const svg = renderStrip(t, day, 'd0').value;
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="d0-title d0-desc"');
    expect(svg).toContain('<desc id="d0-desc">Sign-ins: 05:20; Session ends: 06:50</desc>');
    expect(svg).not.toMatch(/<script|style=|on[a-z]+=/i);
  });
});
