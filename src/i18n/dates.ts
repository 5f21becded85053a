import type { Lang } from './i18n.ts';

/**
 * Dates as officers read and type them: India Standard Time, day first (dd-mm-yyyy), 24-hour clock, digits in
 * one script in both languages. India keeps no daylight saving, so IST is a fixed UTC+05:30.
 */
export const INDIA_TIME_ZONE = 'Asia/Kolkata';
const IST_OFFSET_MS = 5.5 * 3_600_000;

/** A calendar day, with no time or zone attached. */
export interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The day `ms` falls on in India. */
export function indiaDay(ms: number): Day {
  const d = new Date(ms + IST_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant of `hour:minute` India time on `day`. */
export function indiaTime(day: Day, hour = 0, minute = 0): number {
  return Date.UTC(day.year, day.month - 1, day.day, hour, minute) - IST_OFFSET_MS;
}

/** `day` moved by `days` calendar days. */
export function addDays(day: Day, days: number): Day {
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: Day): number {
  return new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
}

/** dd-mm-yyyy: how the department writes dates, and what date boxes show. */
export function dayText(day: Day): string {
  return `${pad(day.day)}-${pad(day.month)}-${day.year}`;
}

/** yyyy-mm-dd, for storage, `<time datetime>` and file names. */
export function isoDayText(day: Day): string {
  return `${day.year}-${pad(day.month)}-${pad(day.day)}`;
}

/**
 * Reads a typed date: dd-mm-yyyy (also with / or . between), or yyyy-mm-dd as browsers' date pickers send.
 * Returns null unless it names a real calendar day.
 */
export function parseDay(text: string): Day | null {
  const s = text.trim();
  let m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  let parts: [number, number, number] | null = m ? [Number(m[3]), Number(m[2]), Number(m[1])] : null;
  if (!parts) {
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    parts = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
  }
  if (!parts) return null;
  const [year, month, day] = parts;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** dd-mm-yyyy in India time. The same digits in both languages. */
export function formatDate(_lang: Lang, ms: number): string {
  return dayText(indiaDay(ms));
}

/** dd-mm-yyyy, HH:MM in India time (24-hour, so no "am"/"pm" in Latin letters inside Hindi text). */
export function formatDateTime(_lang: Lang, ms: number): string {
  const d = new Date(ms + IST_OFFSET_MS);
  return `${dayText(indiaDay(ms))}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** "1 December 2026" / "1 दिसंबर 2026", for letters, notices and guides; with `withTime`, a 24-hour time. */
export function formatLongDate(lang: Lang, ms: number, withTime = false): string {
  return new Intl.DateTimeFormat(lang === 'hi' ? 'hi-IN' : 'en-IN', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
    numberingSystem: 'latn',
    timeZone: INDIA_TIME_ZONE,
  }).format(ms);
}

/** yyyy-mm-dd_HHMM in India time, for report and export file names. */
export function fileStamp(ms: number): string {
  const d = new Date(ms + IST_OFFSET_MS);
  return `${isoDayText(indiaDay(ms))}_${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}
