import { describe, expect, it } from 'vitest';
import { renderFailureChart } from '../src/helpdesk/reports-chart.ts';
import { median } from '../src/helpdesk/reports-data.ts';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('the failure chart', () => {
  it('is an image with a title and a description, and every bar carries its number as text', () => {
    const svg = String(
      renderFailureChart({
        id: 'c',
        title: 'Failures <&>',
        description: 'Two bars',
        bars: [
          { label: 'A', value: 3 },
          { label: 'B', value: 0 },
        ],
      }),
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c-title c-desc"');
    expect(svg).toContain('<title id="c-title">Failures &lt;&amp;&gt;</title>');
    expect(svg).toContain('<desc id="c-desc">Two bars</desc>');
    expect(svg).toMatch(/<title>A: 3<\/title>/);
  });
});
