import { mkdir, readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ensureConfidentialityDocument,
  insertOfficerAccount,
  sendLinkAndReadToken,
} from '../test/factories/activation.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import { activateAccount, totpCode } from './rollout-steps.ts';
import { expectHeading, expectMainText, loadsNewPage, useTestApp } from './steps.ts';

/** Where the before/after screenshots go (item 1), when that folder is there. */
const SHOTS_DIR = process.env.DWAAR_SHOTS_DIR ?? '/work/shots';
const PASSWORD = 'cobalt monsoon ferry 73';

/**
 * Issue 8, activation in Chromium: a link that mail scanners fetched still works (item 1); closing the tab
 * part-way loses nothing and the authenticator key stays the same (item 2); the recovery codes can be
 * printed and downloaded (item 4).
 */
describe.skipIf(!TEST_CHROMIUM)('Activation links that survive scanners and closed tabs', () => {
  const b = useBrowser();
  const app = useTestApp({});
  let next = 80;

  /** A new officer account and its activation link, as HQ's approval sends it. */
  const newLink = async (): Promise<{ userId: string; link: string }> => {
    await ensureConfidentialityDocument(app.deps);
    const n = next++;
    const userId = `lucknow.upct${10001 + n}`;
    const accountId = await insertOfficerAccount(app.deps, { employeeNo: `UPCT${10001 + n}`, userId });
    const token = await sendLinkAndReadToken(app.deps, { accountId, purpose: 'activation' });
    return { userId, link: `${app.portalOrigin}/activate?token=${token}` };
  };
  /** The link's own page, then its button (as `openActivationLink` in rollout-steps does). */
  const openLinkPage = async (page: Page, link: string) => {
    await page.goto(link);
    await expectHeading(page, 'Account activation');
    await page.getByRole('button', { name: /^(Start|Continue) activation$/ }).click();
  };
  const shoot = async (page: Page, name: string) => {
    await mkdir(SHOTS_DIR, { recursive: true });
    await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, fullPage: true });
  };

  it('lets the officer activate after a mail scanner fetched the link twice', async () => {
    const { userId, link } = await newLink();
    // A scanner and a chat preview: plain GETs, no cookies kept.
    const scanner = await b.newContext();
    for (let i = 0; i < 2; i++) expect((await scanner.request.get(link)).status()).toBe(200);

    const page = await b.newPage();
    const opened = await page.goto(link);
    expect(opened?.status()).toBe(200);
    expect(opened?.headers()['referrer-policy']).toBe('no-referrer');
    await expectHeading(page, 'Account activation');
    await expectMainText(page, 'Nothing changes until you press the button below.');
    expect(await page.getByRole('link', { name: 'हिन्दी' }).getAttribute('href')).toBe(
      '/lang?to=hi&back=%2Factivate',
    );
    await shoot(page, 'item1-after-en');
    await page.close();

    const activated = await b.newPage();
    const { recoveryCodes } = await activateAccount(activated, app, { link, userId, password: PASSWORD });
    expect(recoveryCodes).toHaveLength(10);
  });

  it('shows the link’s page in Hindi, and the language switch keeps it', async () => {
    const { link } = await newLink();
    const context = await b.newContext();
    await context.addCookies([{ name: 'dwaar_lang', value: 'hi', url: app.portalOrigin }]);
    const page = await context.newPage();
    await page.goto(link);
    await expectHeading(page, 'खाता सक्रियण');
    await expectMainText(page, 'नीचे दिया बटन दबाने तक कुछ नहीं बदलेगा।');
    await shoot(page, 'item1-after-hi');
    await loadsNewPage(page, () => page.getByRole('link', { name: 'English' }).click());
    await expectHeading(page, 'Account activation');
    expect(page.url()).toBe(`${app.portalOrigin}/activate`);
    await page.getByRole('button', { name: 'Start activation' }).click();
    await expectHeading(page, 'Confidentiality of credentials and data (section 133)');
  });

  it('resumes after the tab is closed, with the same authenticator key, and prints and downloads the codes', async () => {
    const { userId, link } = await newLink();
    const first = await b.newContext();
    const tab = await first.newPage();
    await openLinkPage(tab, link);
    await tab.getByLabel('I have read and accept this undertaking').check();
    await tab.getByRole('button', { name: 'Continue', exact: true }).click();
    await expectHeading(tab, 'Password');
    await tab.getByLabel('New password', { exact: true }).fill(PASSWORD);
    await tab.getByLabel('Confirm new password', { exact: true }).fill(PASSWORD);
    await tab.getByRole('button', { name: 'Continue', exact: true }).click();
    await expectHeading(tab, 'Authenticator app');
    const key = (await tab.locator('#totp-secret').innerText()).trim();
    await expectMainText(tab, `If the app already has a “Dwaar” entry for ${userId} from an earlier attempt`);
    // The officer scans the key, then closes the browser before entering a code.
    await first.close();

    const page = await b.newPage();
    await page.goto(link);
    await expectMainText(page, 'You will continue at step 3: Authenticator app.');
    await page.getByRole('button', { name: 'Continue activation' }).click();
    await expectHeading(page, 'Authenticator app');
    expect((await page.locator('#totp-secret').innerText()).trim()).toBe(key);
    await expectMainText(page, 'This is the same key as when you last opened this step.');
    await page
      .getByLabel('Then enter the six-digit code the app shows now.')
      .fill(totpCode(key, app.clock.now()));
    await page.getByRole('button', { name: 'Continue', exact: true }).click();

    await expectHeading(page, 'Recovery codes');
    const codes = (await page.locator('ol.recovery-codes li').allInnerTexts()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    // Print: a button the static script shows and wires to the browser's print.
    const print = page.getByRole('button', { name: 'Print the codes' });
    expect(await print.isVisible()).toBe(true);
    await page.evaluate(() => {
      window.print = () => {
        document.body.dataset.printed = 'yes';
      };
    });
    await print.click();
    expect(await page.evaluate(() => document.body.dataset.printed)).toBe('yes');
    // On paper: the codes and the user ID, none of the buttons or the form.
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('ol.recovery-codes').isVisible()).toBe(true);
    expect(await page.getByText(`User ID: ${userId}`).isVisible()).toBe(true);
    expect(await print.isVisible()).toBe(false);
    expect(await page.getByLabel('I have saved these codes').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    // Download: a text file with the ten codes.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download the codes as a text file' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^dwaar-recovery-codes-lucknow\.upct\d+-[\d-]+_\d{4}\.txt$/);
    const text = await readFile((await download.path()) ?? '', 'utf8');
    for (const code of codes) expect(text).toContain(code);

    await page.getByLabel('I have saved these codes').check();
    await page.getByRole('button', { name: 'Finish activation' }).click();
    await expectHeading(page, 'Your account is active');
    const again = await page.goto(link);
    expect(again?.status()).toBe(410);
  });
});
