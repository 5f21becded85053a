import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOWEB_CSS } from '../src/boweb/styles.ts';

/**
 * The focus ring against every background it can appear on (issue 8, item 16; WCAG 1.4.11 non-text contrast
 * and the 2.4.13 pattern of a two-colour ring): on each background colour the stylesheets define, at least one
 * of the ring's colours has 3:1 or more against it, and the ring's colours have 3:1 against each other, so
 * the ring reads as one shape wherever it is drawn.
 */

const STATIC = join(import.meta.dirname, '..', 'src', 'web', 'static');
/** The portal's and console's stylesheets, all loaded after dwaar.css (session-bar.css lives in a shadow root). */
const PORTAL_CSS = ['dwaar.css', 'guide.css', 'activation.css', 'review.css']
  .filter((f) => readdirSync(STATIC).includes(f))
  .map((f) => readFileSync(join(STATIC, f), 'utf8'));

interface Rule {
  selector: string;
  declarations: [string, string][];
}

/** Flat rules (at-rule blocks opened), comments removed: enough for these hand-written stylesheets. */
function rules(css: string): Rule[] {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@media[^{]*\{/g, '');
  const out: Rule[] = [];
  for (const m of text.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const declarations = (m[2] ?? '')
      .split(';')
      .map((d) => d.split(':'))
      .filter((parts) => parts.length >= 2)
      .map((parts): [string, string] => [(parts[0] ?? '').trim(), parts.slice(1).join(':').trim()]);
    out.push({ selector: (m[1] ?? '').trim(), declarations });
  }
  return out;
}

/** `--name: value` from :root. */
function variables(all: readonly Rule[]): Map<string, string> {
  const vars = new Map<string, string>();
  for (const r of all)
    if (r.selector === ':root') for (const [k, v] of r.declarations) if (k.startsWith('--')) vars.set(k, v);
  return vars;
}

/** The colours named in a value: hex literals, `var(--x)` resolved, and the keywords white/black. */
function colours(value: string, vars: Map<string, string>): string[] {
  const resolved = value.replace(/var\((--[\w-]+)\)/g, (_m, name: string) => vars.get(name) ?? '');
  const found = [...resolved.matchAll(/#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|\bwhite\b|\bblack\b/gi)].map(
    (m) => m[0],
  );
  return found.map((c) => {
    const lower = c.toLowerCase();
    if (lower === 'white') return '#ffffff';
    if (lower === 'black') return '#000000';
    return lower.length === 4 ? `#${lower.slice(1).replace(/./g, (d) => d + d)}` : lower;
  });
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}

interface Ring {
  selector: string;
  colours: string[];
}

/** Each `:focus-visible` rule's ring: the colours of its outline and box-shadow. */
function rings(all: readonly Rule[], vars: Map<string, string>): Ring[] {
  return all
    .filter((r) => /:focus(-visible)?\b/.test(r.selector))
    .map((r) => ({
      selector: r.selector,
      colours: r.declarations
        .filter(([k]) => k === 'outline' || k === 'outline-color' || k === 'box-shadow')
        .flatMap(([, v]) => colours(v, vars)),
    }))
    .filter((r) => r.colours.length > 0);
}

/** Every background colour the stylesheets define, with the page's own white. */
function backgrounds(all: readonly Rule[], vars: Map<string, string>): string[] {
  const found = all.flatMap((r) =>
    r.declarations
      .filter(([k]) => k === 'background' || k === 'background-color')
      .flatMap(([, v]) => colours(v, vars)),
  );
  return [...new Set(['#ffffff', ...found])];
}

/** What falls short: one line per ring and background where no ring colour reaches 3:1. */
function shortfalls(css: readonly string[]): string[] {
  const all = css.flatMap(rules);
  const vars = variables(all);
  const problems: string[] = [];
  const found = rings(all, vars);
  if (found.length === 0) problems.push('no focus ring found');
  for (const ring of found) {
    for (const bg of backgrounds(all, vars)) {
      const best = Math.max(...ring.colours.map((c) => contrast(c, bg)));
      if (best < 3)
        problems.push(`${ring.selector} [${ring.colours.join(', ')}] on ${bg}: ${best.toFixed(2)}:1`);
    }
    const distinct = [...new Set(ring.colours)];
    for (const [i, a] of distinct.entries())
      for (const b of distinct.slice(i + 1))
        if (contrast(a, b) < 3)
          problems.push(`${ring.selector}: ${a} against ${b} ${contrast(a, b).toFixed(2)}:1`);
  }
  return problems;
}

describe('The focus ring (WCAG 1.4.11)', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrast('#ffbf47', '#ffffff')).toBeCloseTo(1.64, 2);
    expect(contrast('#0b0c0c', '#ffbf47')).toBeGreaterThan(11);
  });

  it('finds a yellow-only ring short on white, so the check can fail', () => {
    expect(
      shortfalls([':root { --focus: #ffbf47; } :focus-visible { outline: 3px solid var(--focus); }']),
    ).toEqual([':focus-visible [#ffbf47] on #ffffff: 1.64:1']);
  });

  it('has 3:1 or more on every background of the portal and console', () => {
    const all = PORTAL_CSS.flatMap(rules);
    const vars = variables(all);
    // The backgrounds the issue names are among those checked: white, header and buttons, banner, panels.
    expect(backgrounds(all, vars)).toEqual(
      expect.arrayContaining(['#ffffff', '#0b3d91', '#fff4ce', '#f3f5f9']),
    );
    expect(shortfalls(PORTAL_CSS)).toEqual([]);
  });

  it('has 3:1 or more on every background of the demo back office', () => {
    expect(shortfalls([BOWEB_CSS])).toEqual([]);
  });
});
