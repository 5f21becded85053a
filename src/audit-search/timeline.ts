import { dayText, indiaDay, indiaTime, type Day, type Translate } from '../i18n/index.ts';
import { html, type SafeHtml } from '../web/index.ts';
import { TIMELINE_KINDS, timelineKind, type TimelineKind } from './event-types.ts';

/** One India-time day of a person's trail: how many events of each kind, and when each happened. */
export interface TimelineDay {
  readonly day: Day;
  readonly counts: Record<TimelineKind | 'other', number>;
  /** Minutes after India midnight, per kind, earliest first. */
  readonly marks: readonly { readonly minute: number; readonly kind: TimelineKind }[];
}

const zeroCounts = (): Record<TimelineKind | 'other', number> => ({
  signin: 0,
  handoff: 0,
  denial: 0,
  end: 0,
  lockout: 0,
  ack: 0,
  other: 0,
});

/**
 * Groups events by the day they fell on in India (not UTC: a sign-in at 01:00 IST belongs to that day,
 * though it is still the previous day in UTC), newest day first.
 */
export function groupByIndiaDay(events: readonly { at: number; type: string }[]): TimelineDay[] {
  const days = new Map<
    string,
    { day: Day; counts: ReturnType<typeof zeroCounts>; marks: TimelineDay['marks'][number][] }
  >();
  for (const e of events) {
    const day = indiaDay(e.at);
    const key = dayText(day);
    let entry = days.get(key);
    if (!entry) days.set(key, (entry = { day, counts: zeroCounts(), marks: [] }));
    const kind = timelineKind(e.type);
    entry.counts[kind] += 1;
    if (kind !== 'other') entry.marks.push({ minute: Math.floor((e.at - indiaTime(day)) / 60_000), kind });
  }
  return [...days.values()]
    .sort((a, b) => indiaTime(b.day) - indiaTime(a.day))
    .map((d) => ({ ...d, marks: [...d.marks].sort((a, b) => a.minute - b.minute) }));
}

const W = 480;
const LANE = 8;
const LEFT = 0;
const pad = (n: number) => String(n).padStart(2, '0');
export const clockText = (minute: number) => `${pad(Math.floor(minute / 60))}:${pad(minute % 60)}`;

/** Lane colours: each kind also has its own lane, so colour is never the only cue (WCAG 1.4.1). */
const FILL: Record<TimelineKind, string> = {
  signin: '#0b3d91',
  handoff: '#1a6b2f',
  denial: '#a4000f',
  end: '#4a4a4a',
  lockout: '#8a4b00',
  ack: '#5b2a86',
};

/** The day's marks in words: the strip's text alternative. */
export function stripText(t: Translate, d: TimelineDay): string {
  const parts = TIMELINE_KINDS.filter((k) => d.counts[k] > 0).map(
    (k) =>
      `${t(`auditView.kind_${k}`)}: ${d.marks
        .filter((m) => m.kind === k)
        .map((m) => clockText(m.minute))
        .join(', ')}`,
  );
  return parts.length > 0 ? parts.join('; ') : t('auditView.stripNothing');
}

/**
 * A 24-hour strip for one day as inline SVG (no script, no inline style: the CSP forbids both): one lane
 * per kind, a tick every six hours, and a mark at each event's minute, each with a `<title>`.
 */
export function renderStrip(t: Translate, d: TimelineDay, id: string): SafeHtml {
  const height = TIMELINE_KINDS.length * LANE + 12;
  const x = (minute: number) => LEFT + Math.round((minute / 1440) * W);
  const ticks = [0, 6, 12, 18, 24].map(
    (h) =>
      html`<line
          x1="${x(h * 60)}"
          y1="0"
          x2="${x(h * 60)}"
          y2="${height - 12}"
          stroke="#8a8a8a"
          stroke-width="1"
        />
        <text x="${Math.min(x(h * 60), W - 14)}" y="${height - 1}" font-size="9">${pad(h)}</text>`,
  );
  const marks = d.marks.map((m) => {
    const lane = TIMELINE_KINDS.indexOf(m.kind);
    return html`<rect
      x="${Math.max(0, x(m.minute) - 1)}"
      y="${lane * LANE + 1}"
      width="3"
      height="${LANE - 2}"
      fill="${FILL[m.kind]}"
    >
      <title>${t(`auditView.kind_${m.kind}`)} ${clockText(m.minute)}</title>
    </rect>`;
  });
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    role="img"
    aria-labelledby="${id}-title ${id}-desc"
    viewBox="0 0 ${W} ${height}"
    width="${W}"
    height="${height}"
    font-family="'Noto Sans', sans-serif"
    fill="#1b1b1b"
  >
    <title id="${id}-title">${t('auditView.stripTitle', { day: dayText(d.day) })}</title>
    <desc id="${id}-desc">${stripText(t, d)}</desc>
    ${ticks} ${marks}
  </svg>`;
}
