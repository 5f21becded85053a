import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import {
  BOWEB_LOGIN_HEADING,
  BOWEB_USER,
  expectHeading,
  expectMainText,
  logIntoBoweb,
  logOut,
  OFFICER,
  OFFICER_OPEN_OFFICE,
  openBowebFromWebtop,
  openLanding,
  pathOf,
  readWhoami,
  recordNavigations,
  signIn,
  signInToWebtop,
  submitLogin,
  vouchedBanner,
  walkToLogin,
  useTestApp,
} from './steps.ts';

const RETURN_PATH = '/returns/R003';
const RETURN_HEADING = 'Return details / रिटर्न का विवरण';

describe.skipIf(!TEST_CHROMIUM)('An officer working from home', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('signs in through every step, opens BOWEB and is vouched for by the gateway', async () => {
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    const { trustStepShown } = await walkToLogin(page, { trust: true });
    expect(trustStepShown).toBe(true);
    await submitLogin(page, OFFICER);

    await expectHeading(page, 'Your applications');
    expect(page.url()).toBe(`${app.portalOrigin}/webtop`);
    await expectMainText(page, '(officer1)');
    await expectMainText(page, 'BOWEB back-office portal');

    await openBowebFromWebtop(page);
    expect(new URL(page.url()).origin).toBe(app.bowebOrigin);
    expect(await vouchedBanner(page)).toMatch(/Gateway vouched for.*\(officer1\)/);

    await logIntoBoweb(page);
    expect(await page.locator('header').innerText()).toContain(`(${BOWEB_USER.userId})`);
    expect(await vouchedBanner(page)).toContain('(officer1)');

    const whoami = await readWhoami(page, app.bowebOrigin);
    expect(whoami.status).toBe(200);
    expect(whoami.body.gateway?.sub).toBe('officer1');
    expect(whoami.body.boweb?.username).toBe(BOWEB_USER.userId);
  });

  it('does the same in Hindi after choosing हिन्दी, and remembers the choice on later pages', async () => {
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await page.getByRole('link', { name: 'हिन्दी' }).click();

    await expectHeading(page, 'सुरक्षित वर्क फ्रॉम होम गेटवे');
    expect(await page.locator('html').getAttribute('lang')).toBe('hi');
    await page.getByRole('link', { name: 'सुरक्षित साइन-इन आरंभ करें' }).click();

    await expectHeading(page, 'डिवाइस जाँच');
    await expectMainText(page, 'आपका डिवाइस जाँच में सफल रहा।');
    expect(await page.locator('html').getAttribute('lang')).toBe('hi');
    await page.getByRole('link', { name: 'आगे बढ़ें', exact: true }).click();

    await expectHeading(page, 'विश्वसनीय साइट');
    await page.getByLabel('इस बार नहीं (अगले साइन-इन पर फिर पूछा जाएगा)').check();
    await page.getByRole('button', { name: 'आगे बढ़ें', exact: true }).click();

    await expectHeading(page, 'अस्वीकरण');
    await expectMainText(page, 'यह गेटवे केवल विभाग के अधिकृत अधिकारियों के लिए है।');
    await page.getByRole('button', { name: 'मैं सहमत हूँ, आगे बढ़ें' }).click();

    await expectHeading(page, 'सुरक्षित लॉग इन');
    await submitLogin(page, OFFICER, 'hi');

    await expectHeading(page, 'आपके एप्लिकेशन');
    expect(await page.locator('html').getAttribute('lang')).toBe('hi');
    await expectMainText(page, 'स्वागत है');
    await openBowebFromWebtop(page, 'hi');

    await page.goto(`${app.portalOrigin}/webtop`);
    await expectHeading(page, 'आपके एप्लिकेशन');
    await logOut(page, 'hi');
    await expectMainText(page, 'आपने लॉग आउट कर लिया है।');

    // And back to English from any page, with the same page shown in English.
    await page.getByRole('link', { name: 'English' }).click();
    await expectHeading(page, 'Session ended');
    expect(pathOf(page)).toBe('/ended');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  it('skips the trust step when signing in again on a device it trusted', async () => {
    const context = await b.newContext();
    const page = await context.newPage();
    expect((await signIn(page, app.portalOrigin, OFFICER, { trust: true })).trustStepShown).toBe(true);
    await expectHeading(page, 'Your applications');
    await logOut(page);

    // A new session in the same browser: the device check says it ran for a trusted device.
    const visited = recordNavigations(page);
    await openLanding(page, `${app.portalOrigin}/`);
    await page.getByRole('link', { name: 'Start secure sign-in' }).click();
    await expectMainText(page, 'This device is trusted. The device check ran automatically.');
    await page.getByRole('link', { name: 'Continue', exact: true }).click();
    await expectHeading(page, 'Disclaimer');
    await page.getByRole('button', { name: 'I agree, continue' }).click();
    await expectHeading(page, 'Secure login');
    await submitLogin(page, OFFICER);
    await expectHeading(page, 'Your applications');
    expect(visited.map((u) => new URL(u).pathname)).not.toContain('/trust');

    // A device that was not trusted is asked again.
    const untrusted = await b.newPage();
    expect((await signIn(untrusted, app.portalOrigin, OFFICER)).trustStepShown).toBe(true);
    await logOut(untrusted);
    expect((await signIn(untrusted, app.portalOrigin, OFFICER)).trustStepShown).toBe(true);
  });

  it('comes back to the BOWEB page it was opened at, after signing in', async () => {
    const page = await b.newPage();
    const callbacks: { url: string; location: string | undefined }[] = [];
    page.on('response', (response) => {
      if (response.url().includes('/.dwaar/callback')) {
        callbacks.push({ url: response.url(), location: response.headers().location });
      }
    });
    const visited = recordNavigations(page);

    await page.goto(`${app.bowebOrigin}${RETURN_PATH}`);
    await expectHeading(page, 'Sign in to Dwaar first');
    await page.getByRole('link', { name: 'Sign in to Dwaar', exact: true }).click();
    await expectHeading(page, 'Secure work-from-home gateway');
    expect(new URL(page.url()).origin).toBe(app.portalOrigin);
    expect(new URL(page.url()).searchParams.get('next')).toBe(`${app.bowebOrigin}${RETURN_PATH}`);

    await walkToLogin(page);
    await submitLogin(page, OFFICER);
    // The gateway hands over to BOWEB at the deep link; BOWEB then asks for its own login.
    await expectHeading(page, BOWEB_LOGIN_HEADING);
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]?.location).toBe(RETURN_PATH);
    expect(visited).toContain(`${app.bowebOrigin}${RETURN_PATH}`);
    expect(visited).not.toContain(`${app.portalOrigin}/webtop`);
  });

  it('comes back to BOWEB’s home page when that was the deep link', async () => {
    const page = await b.newPage();
    await page.goto(`${app.bowebOrigin}/`);
    await signIn(page, app.portalOrigin, OFFICER, { start: page.url() });
    await expectHeading(page, BOWEB_LOGIN_HEADING);
    expect(new URL(page.url()).origin).toBe(app.bowebOrigin);
  });

  it('logging out ends the session at BOWEB too; signing in again lands on the page left', async () => {
    const page = await b.newPage();
    await signInToWebtop(page, app.portalOrigin, OFFICER, { trust: true });
    await openBowebFromWebtop(page);
    await logIntoBoweb(page);
    await page.goto(`${app.bowebOrigin}${RETURN_PATH}`);
    await expectHeading(page, RETURN_HEADING);
    const before = await readWhoami(page, app.bowebOrigin);

    await page.goto(`${app.portalOrigin}/webtop`);
    await logOut(page);
    await expectMainText(page, 'You have logged out.');

    // BOWEB is reached only through the gateway, which now sends the officer to the portal.
    await page.goto(`${app.bowebOrigin}${RETURN_PATH}`);
    await expectHeading(page, 'Session ended');
    expect(new URL(page.url()).origin).toBe(app.portalOrigin);
    expect(new URL(page.url()).searchParams.get('reason')).toBe('logout');

    await page.getByRole('link', { name: 'Sign in again' }).click();
    await expectHeading(page, 'Secure work-from-home gateway');
    const { trustStepShown } = await walkToLogin(page);
    expect(trustStepShown).toBe(false);
    await submitLogin(page, OFFICER);
    await expectHeading(page, RETURN_HEADING);
    expect(page.url()).toBe(`${app.bowebOrigin}${RETURN_PATH}`);

    // A new gateway session vouches for the same officer.
    const after = await readWhoami(page, app.bowebOrigin);
    expect(after.body.gateway?.sub).toBe('officer1');
    expect(after.body.gateway?.sid).not.toBe(before.body.gateway?.sid);
  });

  it('tells an officer whose office is open that BOWEB is not available', async () => {
    const page = await b.newPage();
    // Even a deep link to BOWEB only reaches the webtop.
    await page.goto(`${app.bowebOrigin}${RETURN_PATH}`);
    await signIn(page, app.portalOrigin, OFFICER_OPEN_OFFICE, { start: page.url() });
    await expectHeading(page, 'Your applications');
    expect(page.url()).toBe(`${app.portalOrigin}/webtop`);
    await expectMainText(page, 'BOWEB back-office portal');
    await expectMainText(
      page,
      'Your district office is open, so remote access is not available. Work from the office.',
    );
    expect(await page.getByRole('link', { name: /^Open/ }).count()).toBe(0);

    // Typing the hand-off address by hand does not help either.
    await page.goto(`${app.portalOrigin}/go/boweb`);
    await expectHeading(page, 'Your applications');
    await page.goto(`${app.bowebOrigin}/`);
    expect(new URL(page.url()).origin).toBe(app.portalOrigin);
  });
});
