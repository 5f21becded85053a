import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const STATIC = join(import.meta.dirname, '..', 'src', 'web', 'static');

/** The declarations of one rule of a stylesheet, by property. */
function rule(css: string, selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no rule for ${selector}`);
  const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
  return Object.fromEntries(
    body
      .split(';')
      .map((d) => d.split(':').map((p) => p.trim()))
      .filter((d): d is [string, string] => d.length === 2 && d[0] !== ''),
  );
}

function rgb(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [Number.parseInt(m[1] ?? '', 16), Number.parseInt(m[2] ?? '', 16), Number.parseInt(m[3] ?? '', 16)];
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string) => {
    const [r, g, bl] = rgb(hex).map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Issue 8 item 12: "⚠ Office open" was green; the review's badges are in warning colours, readable. */
describe('HQ review styles', () => {
  it('shows an open office in warning colours (amber, not green) with text contrast of at least 4.5:1', async () => {
    const css = await readFile(join(STATIC, 'review.css'), 'utf8');
    const warn = rule(css, '.review-badge-warn');
    const calm = rule(css, '.review-badge-calm');
    for (const badge of [warn, calm]) {
      expect(contrast(badge.color ?? '', badge['background-color'] ?? '')).toBeGreaterThanOrEqual(4.5);
      // The border marks the badge's edge against the white page (WCAG 1.4.11: 3:1).
      expect(contrast(badge['border-color'] ?? '', '#ffffff')).toBeGreaterThanOrEqual(3);
    }
    // Warm: more red than green, more green than blue, in text, background and border.
    for (const colour of [warn.color, warn['background-color'], warn['border-color']]) {
      const [r, g, b] = rgb(colour ?? '');
      expect(r).toBeGreaterThan(g);
      expect(g).toBeGreaterThan(b);
    }
  });

  it('keeps the review script static and small: no eval, no HTML written from strings', async () => {
    const js = await readFile(join(STATIC, 'review.js'), 'utf8');
    expect(js).not.toMatch(/\beval\b|new Function|innerHTML|document\.write/);
    expect(js).toContain("getElementById('review-form')");
  });
});
