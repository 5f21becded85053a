import { describe, expect, it } from 'vitest';
import { InspectionReportSchema, inspectDevice } from './inspection.ts';

const report = (userAgent: string, extra: Record<string, string> = {}) =>
  InspectionReportSchema.parse({ userAgent, secureContext: 'yes', cookiesEnabled: 'yes', ...extra });

describe('device inspection', () => {
  it('passes a current Chrome on Windows 10 with cookies and a secure context', () => {
    const checks = inspectDevice(
      report(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
      ),
      true,
    );
    expect(checks.every((c) => c.ok)).toBe(true);
    expect(checks.find((c) => c.id === 'browser')?.found).toBe('Chrome 156');
  });

  it('recognises Edge and Firefox and fails old versions', () => {
    expect(
      inspectDevice(report('Mozilla/5.0 (Windows NT 10.0) Chrome/150.0 Safari/537.36 Edg/150.0'), true)[0],
    ).toMatchObject({ ok: true, found: 'Edge 150' });
    expect(
      inspectDevice(
        report('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'),
        true,
      )[0],
    ).toMatchObject({ ok: true, found: 'Firefox 128' });
    expect(
      inspectDevice(report('Mozilla/5.0 (Windows NT 10.0) Chrome/79.0 Safari/537.36'), true)[0]?.ok,
    ).toBe(false);
    expect(inspectDevice(report('Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)'), true)[0]?.ok).toBe(
      false,
    );
  });

  it('fails Windows 7, an insecure context, and cookies that did not come back', () => {
    const checks = inspectDevice(
      report('Mozilla/5.0 (Windows NT 6.1) Chrome/156.0 Safari/537.36', { secureContext: 'no' }),
      false,
    );
    expect(checks.filter((c) => !c.ok).map((c) => c.id)).toEqual(['os', 'secureContext', 'cookies']);
  });

  it('treats a missing report as failing every check', () => {
    expect(inspectDevice(InspectionReportSchema.parse({}), false).some((c) => c.ok)).toBe(false);
  });
});
