import { html, type SafeHtml } from '../web/index.ts';

export interface ChartSeries {
  readonly label: string;
  /** An SVG fill colour with at least 3:1 contrast against white. */
  readonly fill: string;
}

export interface ChartGroup {
  readonly label: string;
  /** One value per series, in series order. */
  readonly values: readonly number[];
}

export interface BarChartInput {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly series: readonly ChartSeries[];
  readonly groups: readonly ChartGroup[];
  /** Shown in place of the bars when there is no group to draw. */
  readonly emptyText: string;
}

const WIDTH = 720;
const LABEL_W = 200;
const BAR_MAX_W = 330;
const BAR_H = 12;
const BAR_GAP = 3;
const GROUP_GAP = 14;
const LEGEND_H = 28;
const LEGEND_STEP = 175;

/**
 * A horizontal grouped bar chart as inline SVG, drawn on the server: no script, and only presentation
 * attributes (the CSP forbids inline styles). Every bar carries its series name and number as text, so
 * colour is never the only cue, and a `<title>` for pointer users; the chart as a whole is an image with
 * a title and description, the table beside it holding the same numbers for assistive technology.
 */
export function renderBarChart(c: BarChartInput): SafeHtml {
  const perGroup = c.series.length * (BAR_H + BAR_GAP) + GROUP_GAP;
  const height = LEGEND_H + Math.max(1, c.groups.length) * perGroup + 8;
  const max = Math.max(1, ...c.groups.flatMap((g) => g.values));
  const legend = c.series.map(
    (s, i) =>
      html`<rect x="${i * LEGEND_STEP}" y="6" width="12" height="12" fill="${s.fill}" /><text
          x="${i * LEGEND_STEP + 16}"
          y="16"
        >
          ${s.label}
        </text>`,
  );
  const groups = c.groups.map((g, gi) => {
    const top = LEGEND_H + gi * perGroup;
    const bars = c.series.map((s, si) => {
      const value = g.values[si] ?? 0;
      const y = top + si * (BAR_H + BAR_GAP);
      const w = value === 0 ? 0 : Math.max(2, Math.round((value / max) * BAR_MAX_W));
      return html`<g>
        <title>${g.label}: ${s.label} ${value}</title>
        <rect x="${LABEL_W}" y="${y}" width="${w}" height="${BAR_H}" fill="${s.fill}" />
        <text x="${LABEL_W + w + 4}" y="${y + BAR_H - 2}" font-size="11">${s.label} ${value}</text>
      </g>`;
    });
    return html`<g>
      <text x="0" y="${top + BAR_H}" font-weight="bold">${g.label}</text>
      ${bars}
    </g>`;
  });
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    role="img"
    aria-labelledby="${c.id}-title ${c.id}-desc"
    viewBox="0 0 ${WIDTH} ${height}"
    width="100%"
    font-family="'Noto Sans', 'Noto Sans Devanagari', sans-serif"
    font-size="12"
    fill="#1b1b1b"
  >
    <title id="${c.id}-title">${c.title}</title>
    <desc id="${c.id}-desc">${c.description}</desc>
    ${legend}
    ${c.groups.length === 0 ? html`<text x="0" y="${LEGEND_H + BAR_H}">${c.emptyText}</text>` : groups}
  </svg>`;
}
