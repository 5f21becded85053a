import { z } from 'zod';

/** What the inspection page reports about the browser. Every field is the browser's own claim. */
export const InspectionReportSchema = z.object({
  userAgent: z.string().max(1000).default(''),
  brands: z.string().max(1000).default(''),
  platform: z.string().max(100).default(''),
  platformVersion: z.string().max(100).default(''),
  secureContext: z.enum(['yes', 'no']).default('no'),
  cookiesEnabled: z.enum(['yes', 'no']).default('no'),
});
export type InspectionReport = z.infer<typeof InspectionReportSchema>;

export type CheckId = 'browser' | 'os' | 'secureContext' | 'cookies';

export interface CheckResult {
  readonly id: CheckId;
  readonly ok: boolean;
  /** What was found, e.g. "Chrome 156" or "Windows 7". */
  readonly found: string;
}

/** Oldest browser majors still receiving security updates when this was written. */
export const MIN_BROWSER = { chromium: 120, firefox: 115, safari: 16 } as const;

interface Browser {
  family: 'chromium' | 'firefox' | 'safari' | 'unknown';
  name: string;
  major: number;
}

function detectBrowser(report: InspectionReport): Browser {
  const ua = report.userAgent;
  const edge = /Edg\/(\d+)/.exec(ua);
  if (edge) return { family: 'chromium', name: 'Edge', major: Number(edge[1]) };
  const chrome = /(?:HeadlessChrome|Chrome|Chromium)\/(\d+)/.exec(ua);
  if (chrome) return { family: 'chromium', name: 'Chrome', major: Number(chrome[1]) };
  const firefox = /Firefox\/(\d+)/.exec(ua);
  if (firefox) return { family: 'firefox', name: 'Firefox', major: Number(firefox[1]) };
  const safari = /Version\/(\d+)[\d.]* .*Safari\//.exec(ua);
  if (safari) return { family: 'safari', name: 'Safari', major: Number(safari[1]) };
  return { family: 'unknown', name: ua.slice(0, 40) || '—', major: 0 };
}

function detectOs(report: InspectionReport): { name: string; ok: boolean } {
  const ua = report.userAgent;
  const platform = report.platform.toLowerCase();
  const nt = /Windows NT (\d+)\.(\d+)/.exec(ua);
  if (nt || platform === 'windows') {
    // UA strings freeze at "NT 10.0"; only older ones are meaningful, naming Windows 8.1 or earlier.
    const major = nt ? Number(nt[1]) : 10;
    return {
      name: major >= 10 ? 'Windows 10+' : `Windows NT ${nt?.[1] ?? ''}.${nt?.[2] ?? ''}`,
      ok: major >= 10,
    };
  }
  if (/Android/.test(ua) || platform === 'android') return { name: 'Android', ok: true };
  if (/CrOS/.test(ua) || platform === 'chrome os') return { name: 'ChromeOS', ok: true };
  if (/iPhone|iPad/.test(ua)) return { name: 'iOS', ok: true };
  if (/Mac OS X/.test(ua) || platform === 'macos') return { name: 'macOS', ok: true };
  if (/Linux/.test(ua) || platform === 'linux') return { name: 'Linux', ok: true };
  return { name: '—', ok: false };
}

/**
 * Cookies work only when the browser says so and the server's own cookie came back: a browser that claims
 * them but dropped the cookie blocks them all the same, so the finding says "blocked", never the claim.
 */
function cookiesCheck(report: InspectionReport, cookieReturned: boolean): CheckResult {
  const ok = report.cookiesEnabled === 'yes' && cookieReturned;
  return { id: 'cookies', ok, found: ok ? 'allowed' : 'blocked' };
}

/**
 * Judges a device from its report. `cookieReturned` is the server's own evidence: the flow cookie set
 * on the previous page came back.
 */
export function inspectDevice(report: InspectionReport, cookieReturned: boolean): CheckResult[] {
  const browser = detectBrowser(report);
  const os = detectOs(report);
  const browserOk = browser.family !== 'unknown' && browser.major >= MIN_BROWSER[browser.family];
  return [
    {
      id: 'browser',
      ok: browserOk,
      found: browser.major ? `${browser.name} ${browser.major}` : browser.name,
    },
    { id: 'os', ok: os.ok, found: os.name },
    { id: 'secureContext', ok: report.secureContext === 'yes', found: report.secureContext },
    cookiesCheck(report, cookieReturned),
  ];
}
