import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import {
  expectHeading,
  OFFICER,
  openLanding,
  signInToWebtop,
  UI,
  walkToLogin,
  withOwnApp,
  useTestApp,
} from './steps.ts';

interface Basics {
  lang: string | null;
  /** What the first Tab focused. */
  firstTab: { text: string; href: string | null };
  /** The element focused after following the skip link. */
  afterSkip: string;
  /** Form fields without a label. */
  unlabelled: string[];
  /** The step marked aria-current="step", if the page shows the steps. */
  currentStep: string | null;
}

/** Reads the basics from a freshly loaded page (nothing focused yet): keyboard first, then the DOM. */
async function basics(page: Page): Promise<Basics> {
  await page.keyboard.press('Tab');
  const firstTab = await page.evaluate(() => {
    const el = document.activeElement;
    return { text: el?.textContent?.trim() ?? '', href: el?.getAttribute('href') ?? null };
  });
  await page.keyboard.press('Enter');
  const afterSkip = await page.evaluate(() => document.activeElement?.id ?? '');
  return page.evaluate(
    ({ firstTab, afterSkip }) => {
      const fields = Array.from(
        document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]), select, textarea'),
      );
      const unlabelled = fields
        .filter((el) => !el.closest('[hidden]'))
        .filter((el) => (el.labels?.length ?? 0) === 0 && !el.getAttribute('aria-label'))
        .map((el) => el.outerHTML);
      const current = document.querySelector('[aria-current="step"]');
      return {
        lang: document.documentElement.getAttribute('lang'),
        firstTab,
        afterSkip,
        unlabelled,
        currentStep: current?.textContent?.trim() ?? null,
      };
    },
    { firstTab, afterSkip },
  );
}

async function expectBasics(page: Page, lang: 'en' | 'hi', step: string | null): Promise<void> {
  const t = UI[lang];
  const seen = await basics(page);
  expect(seen, `on ${page.url()}`).toEqual({
    lang,
    firstTab: { text: t.skipToMain, href: '#main' },
    afterSkip: 'main',
    unlabelled: [],
    currentStep: step,
  });
}

describe.skipIf(!TEST_CHROMIUM)('Sign-in pages and keyboard users', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('offers "Skip to main content" first, labels every field and marks the current step', async () => {
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await expectBasics(page, 'en', null);

    await page.getByRole('link', { name: 'Start secure sign-in' }).click();
    await page.getByRole('link', { name: 'Continue', exact: true }).waitFor();
    await expectBasics(page, 'en', '1. Device check');

    await page.getByRole('link', { name: 'Continue', exact: true }).click();
    await expectHeading(page, 'Trust this site');
    await expectBasics(page, 'en', '2. Trust this site');

    await page.getByLabel('Not this time (the next sign-in asks again)').check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expectHeading(page, 'Disclaimer');
    await expectBasics(page, 'en', '3. Disclaimer');

    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await expectHeading(page, 'Secure login');
    await expectBasics(page, 'en', '4. Secure login');

    // An empty form names each missing field, next to the field and in a focused summary.
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    const userId = page.getByLabel('User ID');
    expect(await userId.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${(await userId.getAttribute('aria-describedby')) ?? ''}`).innerText()).toBe(
      'Enter your User ID.',
    );
    // The page with its error summary shown is a state no plain page load reaches: axe checks it here.
    expect(await checkAccessibility(page, 'login error summary')).toEqual([]);
  });

  it('marks Hindi pages as Hindi, and the switch back as English', async () => {
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await page.getByRole('link', { name: 'हिन्दी' }).click();
    await expectHeading(page, UI.hi.landingTitle);
    await expectBasics(page, 'hi', null);
    const toEnglish = page.getByRole('link', { name: 'English' });
    expect(await toEnglish.getAttribute('lang')).toBe('en');

    await page.getByRole('link', { name: UI.hi.startSignIn }).click();
    await page.getByRole('link', { name: UI.hi.continue, exact: true }).waitFor();
    await expectBasics(page, 'hi', `1. ${UI.hi.inspectTitle}`);
  });

  it('keeps the Hindi login page with its error summary free of axe violations', async () => {
    const page = await b.newPage({ locale: 'hi-IN' });
    await openLanding(page, `${app.portalOrigin}/`, 'hi');
    await walkToLogin(page, { lang: 'hi' });
    await page.getByRole('button', { name: UI.hi.logIn, exact: true }).click();
    await page.getByRole('alert').waitFor();
    expect(await checkAccessibility(page, 'login error summary (hi)')).toEqual([]);
  });

  it('speaks Hindi from the start to a browser that prefers Hindi', async () => {
    const page = await b.newPage({ locale: 'hi-IN' });
    await openLanding(page, `${app.portalOrigin}/`, 'hi');
    expect(await page.locator('html').getAttribute('lang')).toBe('hi');
  });

  it('warns before an idle session ends and lets the officer continue with one action', async () => {
    // A 4-second idle limit: the warning shows after 2 s of real time in the page.
    await withOwnApp(
      async (own) => {
        const page = await b.newPage();
        await signInToWebtop(page, own.portalOrigin, OFFICER);
        const warning = page.getByRole('alertdialog', { name: UI.en.sessionWarning });
        await warning.waitFor();
        const cont = page.getByRole('button', { name: 'Continue session' });
        expect(await cont.evaluate((el) => el === document.activeElement)).toBe(true);
        expect(await checkAccessibility(page, 'session warning open')).toEqual([]);

        const extended = page.waitForResponse((r) => r.url().endsWith('/session/extend'));
        await cont.click();
        expect((await extended).status()).toBe(204);
        await warning.waitFor({ state: 'hidden' });

        // Too late the second time: the session has ended on the server, and the page says so.
        own.clock.advance(5_000);
        await warning.waitFor();
        await cont.click();
        await expectHeading(page, 'Session ended');
        expect(new URL(page.url()).searchParams.get('reason')).toBe('idle');
      },
      { upstream: 'boweb', env: { DWAAR_IDLE_TIMEOUT: '4' } },
    );
  });
});
