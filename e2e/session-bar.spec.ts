import { mkdir } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Lang } from '../src/i18n/i18n.ts';
import { en as proxyEn, hi as proxyHi } from '../src/i18n/messages/proxy.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import type { ManualClock } from '../test/create-test-app.ts';
import { STEP_TIMEOUT_MS, useBrowser } from './browser.ts';
import {
  expectHeading,
  logIntoBoweb,
  openBowebFromWebtop,
  pathOf,
  signIn,
  signInToWebtop,
  submitLogin,
  UI,
  useTestApp,
  walkToLogin,
} from './steps.ts';

// Issue 8 items 5, 7 and 9: the session bar and idle warning where the work happens (BOWEB), the page for a
// form sent after the session ended, a back office opened directly, and the webtop's countdown and expiry.

/** A clock that runs in real time (the pages' timers count in it) and that the test can move forward. */
function runningClock(): ManualClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      offset += ms;
    },
  };
}

const PROXY = { en: proxyEn, hi: proxyHi } as const;
/** Set to a directory to save item 5's screenshots (the warning over BOWEB, in English and Hindi). */
const SHOTS = process.env.DWAAR_SHOTS_DIR;
const RETURN_PATH = '/returns/R003';
const RETURN_HEADING = 'Return details / रिटर्न का विवरण';
const NOTE = 'Scrutiny of ITC claimed in GSTR-3B for May 2024: mismatch with GSTR-2B of ₹ 41,250.';

/** The officer comes back to the tab (the bar and the webtop ask for the session's times then). */
async function returnToTab(page: Page): Promise<void> {
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
}

describe.skipIf(!TEST_CHROMIUM)('The session bar where the officer works', () => {
  const b = useBrowser();
  const clock = runningClock();
  const app = useTestApp({ upstream: 'boweb', clock });

  /** officer1 in `lang`, through the webtop into BOWEB, on a return with a half-typed note. */
  async function typingInBoweb(lang: Lang): Promise<Page> {
    const context = await b.newContext({ viewport: { width: 1100, height: 760 } });
    await context.addCookies([{ name: 'dwaar_lang', value: lang, url: app.portalOrigin }]);
    const page = await context.newPage();
    await signInToWebtop(page, app.portalOrigin, undefined, { lang });
    await openBowebFromWebtop(page, lang);
    await logIntoBoweb(page);
    await page.goto(`${app.bowebOrigin}${RETURN_PATH}`);
    await expectHeading(page, RETURN_HEADING);
    await page
      .getByRole('region', { name: PROXY[lang]['proxy.barLabel'] })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    await page.getByLabel(/^Scrutiny note/).fill(NOTE);
    return page;
  }

  it('shows the bar, warns before the idle limit, and extends by keyboard keeping what was typed', async () => {
    for (const lang of ['en', 'hi'] as const) {
      const t = PROXY[lang];
      const page = await typingInBoweb(lang);
      const bar = page.getByRole('region', { name: t['proxy.barLabel'] });
      await bar.waitFor({ timeout: STEP_TIMEOUT_MS });
      expect(await bar.getByRole('link', { name: t['proxy.barWebtop'] }).getAttribute('href')).toBe(
        `${app.portalOrigin}/webtop`,
      );
      expect(await bar.innerText()).toContain(
        t['proxy.barTimeLeft'].replace('{time}', t['proxy.timeMin'].replace('{m}', '15')),
      );

      clock.advance(13 * 60_000 + 30_000);
      await returnToTab(page);
      const warning = page.getByRole('alertdialog', { name: t['proxy.warnTitle'] });
      await warning.waitFor({ timeout: STEP_TIMEOUT_MS });
      // Focus moved to the one action; the countdown says how long is left (at least 20 s: WCAG 2.2.1).
      const extend = warning.getByRole('button', { name: t['proxy.warnExtend'] });
      expect(await extend.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
      expect(await warning.innerText()).toMatch(
        lang === 'en' ? /ends in 1 min (2\d|30) s/ : /1 मिनट (2\d|30) सेकंड में/,
      );
      if (SHOTS) {
        await mkdir(SHOTS, { recursive: true });
        await page.screenshot({ path: `${SHOTS}/item5-after-${lang}.png` });
      }

      await page.keyboard.press('Escape');
      await warning.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      // Back in the note, with everything typed still there; the session has its full idle time again.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('note');
      expect(await page.getByLabel(/^Scrutiny note/).inputValue()).toBe(NOTE);
      const status = await page.evaluate(async () => {
        const r = await fetch('/.dwaar/session');
        return (await r.json()) as { idleLeftMs: number };
      });
      expect(status.idleLeftMs).toBeGreaterThan(14 * 60_000);
    }
  });

  it('after the session ended: says so in place, explains a form sent anyway, and signs in back to the form', async () => {
    const page = await typingInBoweb('en');
    await page.getByRole('region', { name: 'Dwaar session' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    clock.advance(16 * 60_000);
    await returnToTab(page);
    const ended = page.getByRole('alertdialog', { name: 'Your session has ended' });
    await ended.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await ended.innerText()).toContain('What you typed on this page has not been sent.');
    expect(await page.getByLabel(/^Scrutiny note/).inputValue()).toBe(NOTE);

    // Sent anyway: the gateway explains instead of losing it silently.
    await page.getByRole('button', { name: /^Save note/ }).click();
    await expectHeading(page, 'Your session has ended');
    expect(await page.locator('main').innerText()).toMatch(
      /Your Dwaar session ended at \d\d-\d\d-\d{4}, \d\d:\d\d\./,
    );
    expect(await page.locator('main').innerText()).toContain('What you typed was not sent.');
    await page.getByRole('link', { name: 'Sign in again' }).first().click();
    await expectHeading(page, UI.en.landingTitle);
    await walkToLogin(page);
    await submitLogin(page, { userId: 'officer1', password: 'Officer@Dwaar1' });
    await page.waitForURL((url) => url.origin === app.bowebOrigin);
    // BOWEB keeps its own login in memory: back on the return (through BOWEB's login when it asks).
    if (pathOf(page) === '/login') await logIntoBoweb(page).catch(() => undefined);
    await page.waitForURL(`${app.bowebOrigin}${RETURN_PATH}`, { timeout: STEP_TIMEOUT_MS });
    await expectHeading(page, RETURN_HEADING);
  });

  it('logs out of Dwaar from the bar', async () => {
    const page = await typingInBoweb('en');
    const bar = page.getByRole('region', { name: 'Dwaar session' });
    await bar.getByRole('button', { name: 'Log out of Dwaar' }).click();
    await expectHeading(page, UI.en.endedTitle);
    await page.goto(`${app.portalOrigin}/webtop`);
    await expectHeading(page, UI.en.endedTitle);
  });

  it('explains a back office opened directly, then signs in and goes there', async () => {
    const page = await b.newPage();
    await page.goto(`${app.bowebOrigin}${RETURN_PATH}`);
    await expectHeading(page, 'Sign in to Dwaar first');
    expect(await page.locator('main').innerText()).toContain('You opened the back office directly.');
    await page.getByRole('link', { name: 'Sign in to Dwaar', exact: true }).click();
    await expectHeading(page, UI.en.landingTitle);
    expect(new URL(page.url()).searchParams.get('next')).toBe(`${app.bowebOrigin}${RETURN_PATH}`);
    await signIn(
      page,
      app.portalOrigin,
      { userId: 'officer1', password: 'Officer@Dwaar1' },
      { start: page.url() },
    );
    await page.waitForURL((url) => url.origin === app.bowebOrigin);
  });

  it('counts down on the webtop and shows the session-ended state without a click', async () => {
    const page = await b.newPage();
    await signInToWebtop(page, app.portalOrigin);
    clock.advance(14 * 60_000);
    await returnToTab(page);
    const warning = page.getByRole('alertdialog');
    await warning.waitFor({ timeout: STEP_TIMEOUT_MS });
    expect(await warning.innerText()).toMatch(
      /Your session will end in (5\d s|1 min 0 s) because it has been idle\./,
    );
    expect(await page.locator('#session-warning [aria-live="polite"]').count()).toBe(1);
    clock.advance(2 * 60_000);
    await returnToTab(page);
    await page.waitForURL((url) => url.pathname === '/ended', { timeout: STEP_TIMEOUT_MS });
    expect(new URL(page.url()).searchParams.get('reason')).toBe('idle');
    await expectHeading(page, UI.en.endedTitle);
  });
});
