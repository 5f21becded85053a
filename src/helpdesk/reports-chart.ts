import { html, type SafeHtml } from '../web/index.ts';

export interface SimpleBar {
  readonly label: string;
  readonly value: number;
}

const WIDTH = 720;
const LABEL_W = 300;
const BAR_MAX_W = 340;
const BAR_H = 16;
const STEP = 26;
/** Dark blue: 9.6:1 against white, well above the 3:1 graphics need. */
const FILL = '#0b3d91';

/**
 * A horizontal bar chart as inline SVG drawn on the server: no script, presentation attributes only (the
 * CSP forbids inline styles). Each bar carries its number as text and a `<title>`; the chart is an image
 * with a title and description, and the page's table beside it holds the same numbers as its text
 * alternative.
 */
export function renderFailureChart(c: {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly bars: readonly SimpleBar[];
}): SafeHtml {
  const height = Math.max(1, c.bars.length) * STEP + 8;
  const max = Math.max(1, ...c.bars.map((b) => b.value));
  const bars = c.bars.map((b, i) => {
    const y = 4 + i * STEP;
    const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * BAR_MAX_W));
    return html`<g>
      <title>${b.label}: ${b.value}</title>
      <text x="0" y="${y + BAR_H - 3}">${b.label}</text>
      <rect x="${LABEL_W}" y="${y}" width="${w}" height="${BAR_H}" fill="${FILL}" />
      <text x="${LABEL_W + w + 6}" y="${y + BAR_H - 3}">${b.value}</text>
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
    ${bars}
  </svg>`;
}
