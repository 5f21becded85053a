import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../src/web/chromium.ts';
import type { Lang } from '../src/i18n/i18n.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { STEP_TIMEOUT_MS, useBrowser } from './browser.ts';
import {
  expectHeading,
  expectMainText,
  loadsNewPage,
  OFFICER,
  openLanding,
  pathOf,
  recordNavigations,
  signIn,
  SIGNIN,
  UI,
  useTestApp,
  walkToLogin,
  withOwnApp,
} from './steps.ts';

/**
 * Issue 8, items 6 and 8, as an officer meets them in Chromium: the device check when cookies are blocked,
 * the trust step's explicit choice, and a sign-in whose flow timed out or lost its cookie.
 */

/** A Chromium profile whose settings block every site's cookies (chrome://settings/cookies, "Block all"). */
async function cookieBlockingBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'dwaar-no-cookies-'));
  await mkdir(join(dir, 'Default'));
  await writeFile(
    join(dir, 'Default', 'Preferences'),
    JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }),
  );
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: TEST_CHROMIUM,
    args: [...CHROMIUM_ARGS],
    locale: 'en-IN',
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  return {
    context,
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The cells of the device check's row for `check`: result, finding, what to do. */
async function checkRow(page: Page, check: string): Promise<string[]> {
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: check, exact: true }) });
  return (await row.getByRole('cell').allInnerTexts()).map((c) => c.trim());
}

/** The trust step's two choices, by their labels. */
function trustChoices(page: Page, lang: Lang) {
  return {
    yes: page.getByLabel(SIGNIN[lang]['signin.trustYes'], { exact: true }),
    no: page.getByLabel(SIGNIN[lang]['signin.trustNo'], { exact: true }),
  };
}

describe.skipIf(!TEST_CHROMIUM)('Sign-in snags (issue 8, items 6 and 8)', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('says cookies are blocked, and how to allow them, when the browser blocks cookies', async () => {
    const blocking = await cookieBlockingBrowser();
    try {
      const page = await blocking.context.newPage();
      await openLanding(page, `${app.portalOrigin}/`);
      await page.getByRole('link', { name: UI.en.startSignIn }).click();
      await expectMainText(page, UI.en.inspectFailed);
      // Result and finding agree: failed because blocked (it said "Found: Yes" before).
      expect(await checkRow(page, UI.en.checkCookies)).toEqual([
        `✘ ${UI.en.failed}`,
        SIGNIN.en['signin.cookiesBlocked'],
        UI.en.fixCookies,
      ]);
      // The checks that passed say so, and need no fix.
      expect((await checkRow(page, UI.en.checkBrowser))[0]).toBe(`✔ ${UI.en.passed}`);
      // "Retry" checks again, with the same answer while cookies stay blocked; no way on is offered.
      await loadsNewPage(page, () => page.getByRole('link', { name: UI.en.retry }).click());
      expect((await checkRow(page, UI.en.checkCookies))[1]).toBe(SIGNIN.en['signin.cookiesBlocked']);
      expect(await page.getByRole('link', { name: UI.en.continue, exact: true }).count()).toBe(0);
    } finally {
      await blocking.close();
    }
  });

  it('says cookies are allowed when they work', async () => {
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await page.getByRole('link', { name: UI.en.startSignIn }).click();
    await page.getByRole('link', { name: UI.en.continue, exact: true }).waitFor();
    expect(await checkRow(page, UI.en.checkCookies)).toEqual([
      `✔ ${UI.en.passed}`,
      SIGNIN.en['signin.cookiesAllowed'],
      '',
    ]);
  });

  it.each(['en', 'hi'] as const)(
    'asks for an explicit trust choice (%s): none chosen, an error beside it, and "Not this time" asks again',
    async (lang) => {
      const t = UI[lang];
      const page = await b.newPage();
      await openLanding(page, `${app.portalOrigin}/`);
      if (lang === 'hi') {
        await page.getByRole('link', { name: 'हिन्दी' }).click();
        await expectHeading(page, t.landingTitle);
      }
      await page.getByRole('link', { name: t.startSignIn }).click();
      await page.getByRole('link', { name: t.continue, exact: true }).click();
      await expectHeading(page, t.trustTitle);
      const choice = trustChoices(page, lang);
      expect(await choice.yes.isChecked()).toBe(false);
      expect(await choice.no.isChecked()).toBe(false);
      await expect
        .poll(() => page.getByRole('group', { name: SIGNIN[lang]['signin.trustLegend'] }).count())
        .toBe(1);

      // "Continue" with nothing chosen decides nothing: it stays, says why beside the choice, and goes no further.
      await loadsNewPage(page, () => page.getByRole('button', { name: t.continue, exact: true }).click());
      await expectHeading(page, t.trustTitle);
      expect(pathOf(page)).toBe('/trust');
      const error = SIGNIN[lang]['signin.errTrustChoice'];
      expect(await page.getByRole('alert').innerText()).toContain(error);
      const group = page.getByRole('group', { name: SIGNIN[lang]['signin.trustLegend'] });
      expect(await page.locator(`#${(await group.getAttribute('aria-describedby')) ?? ''}`).innerText()).toBe(
        error,
      );
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');

      // "Not this time": on to the disclaimer, and the next sign-in in this browser asks again.
      await trustChoices(page, lang).no.check();
      await page.getByRole('button', { name: t.continue, exact: true }).click();
      await expectHeading(page, t.disclaimerTitle);
      expect(
        (await page.context().cookies(app.portalOrigin)).find((c) => c.name === 'dwaar_device'),
      ).toBeUndefined();
      await openLanding(page, `${app.portalOrigin}/`, lang);
      expect((await walkToLogin(page, { lang })).trustStepShown).toBe(true);
    },
  );

  it('"Trust this site" is remembered: the next sign-in on this device skips the trust step', async () => {
    const page = await b.newPage();
    expect((await signIn(page, app.portalOrigin, OFFICER, { trust: true })).trustStepShown).toBe(true);
    await expectHeading(page, UI.en.webtopTitle);
    const visited = recordNavigations(page);
    await page.goto(`${app.portalOrigin}/inspect`);
    await expectMainText(page, UI.en.trustRemembered);
    expect(visited.map((u) => new URL(u).pathname)).not.toContain('/trust');
  });

  it('explains a sign-in that took too long, and keeps the user ID for the login step (not in any URL)', async () => {
    await withOwnApp(async (own) => {
      const page = await b.newPage();
      const visited = recordNavigations(page);
      await openLanding(page, `${own.portalOrigin}/`);
      await walkToLogin(page);
      await page.getByLabel(UI.en.userId, { exact: true }).fill(OFFICER.userId);
      await page.getByLabel(UI.en.password, { exact: true }).fill(OFFICER.password);
      own.clock.advance(11 * 60_000); // the officer was called away from the desk
      await loadsNewPage(page, () => page.getByRole('button', { name: UI.en.logIn, exact: true }).click());

      // The page says what happened and that the user ID is kept (before, the ID was dropped).
      await expectMainText(page, UI.en.errFlowExpired);
      await expectMainText(page, `Your user ID ${OFFICER.userId} is kept`);
      await expectHeading(page, SIGNIN.en['signin.flowLostTitle']);
      expect(pathOf(page)).toBe('/login');
      expect(await page.getByRole('alert').innerText()).toContain(UI.en.errFlowExpired);

      await page.getByRole('link', { name: UI.en.startAgain }).click();
      await expectHeading(page, UI.en.inspectTitle);
      await page.getByRole('link', { name: UI.en.continue, exact: true }).click();
      await trustChoices(page, 'en').no.check();
      await page.getByRole('button', { name: UI.en.continue, exact: true }).click();
      await page.getByRole('button', { name: UI.en.agree, exact: true }).click();
      await expectHeading(page, UI.en.loginTitle);
      expect(await page.getByLabel(UI.en.userId, { exact: true }).inputValue()).toBe(OFFICER.userId);
      expect(await page.getByLabel(UI.en.password, { exact: true }).inputValue()).toBe('');

      await page.getByLabel(UI.en.password, { exact: true }).fill(OFFICER.password);
      await page.getByRole('button', { name: UI.en.logIn, exact: true }).click();
      await expectHeading(page, UI.en.webtopTitle);
      expect(visited.filter((u) => u.includes(OFFICER.userId))).toEqual([]);
    });
  });

  it('explains a sign-in whose cookie was lost, in Hindi, and keeps the user ID', async () => {
    const context = await b.newContext();
    const page = await context.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await page.getByRole('link', { name: 'हिन्दी' }).click();
    await walkToLogin(page, { lang: 'hi' });
    const t = UI.hi;
    await page.getByLabel(t.userId, { exact: true }).fill(OFFICER.userId);
    await page.getByLabel(t.password, { exact: true }).fill(OFFICER.password);
    // The browser lost the sign-in cookie (cleared, or dropped by a privacy setting), keeping the language.
    const flowCookie = (await context.cookies(app.portalOrigin)).find((c) => c.name === 'dwaar_flow');
    expect(flowCookie).toBeDefined();
    await context.clearCookies({ name: 'dwaar_flow' });
    await loadsNewPage(page, () => page.getByRole('button', { name: t.logIn, exact: true }).click());

    await expectHeading(page, SIGNIN.hi['signin.flowLostTitle']);
    expect(await page.getByRole('alert').innerText()).toContain(t.errFlowExpired);
    await expectMainText(page, SIGNIN.hi['signin.flowLostCookies']);
    await expectMainText(page, `आपकी यूज़र आईडी ${OFFICER.userId} सुरक्षित रखी गई है`);

    await page.getByRole('link', { name: t.startAgain }).click();
    await page.getByRole('link', { name: t.continue, exact: true }).click();
    await trustChoices(page, 'hi').no.check();
    await page.getByRole('button', { name: t.continue, exact: true }).click();
    await page.getByRole('button', { name: t.agree, exact: true }).click();
    await expectHeading(page, t.loginTitle);
    expect(await page.getByLabel(t.userId, { exact: true }).inputValue()).toBe(OFFICER.userId);
  });
});
