import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import {
  BOWEB_GATEWAY_REQUIRED,
  cookieValue,
  expectHeading,
  expectMainText,
  logIntoBoweb,
  logOut,
  OFFICER,
  openBowebFromWebtop,
  openLanding,
  pathOf,
  readWhoami,
  recordNavigations,
  signInToWebtop,
  submitLogin,
  walkToLogin,
  withOwnApp,
  useTestApp,
} from './steps.ts';

const LANDING = 'Secure work-from-home gateway';
const WRONG = { userId: OFFICER.userId, password: 'Officer@Dwaar9' };
const errorSummary = (page: Page) => page.getByRole('alert').innerText();
const random = () => `${randomBytes(18).toString('base64url')}.${randomBytes(32).toString('base64url')}`;

describe.skipIf(!TEST_CHROMIUM)('Sign-in refusals and attacks on the session', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('says a wrong password is wrong, how many attempts are left, and sets no session cookie', async () => {
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await walkToLogin(page);
    await submitLogin(page, WRONG);

    await expectHeading(page, 'Secure login');
    expect(await errorSummary(page)).toContain(
      'The user ID or password is wrong. Check both and try again. 4 attempts left before the account is locked.',
    );
    expect(await page.title()).toMatch(/^There is a problem: /);
    // The summary takes focus so a screen reader announces it; the user ID is kept.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await page.getByLabel('User ID').inputValue()).toBe(OFFICER.userId);
    expect(await cookieValue(page.context(), app.portalOrigin, 'dwaar_sid')).toBeUndefined();

    // An unknown user ID gets the very same answer.
    await submitLogin(page, { userId: 'no.such.officer', password: 'Whatever@123' });
    expect(await errorSummary(page)).toContain('The user ID or password is wrong.');
  });

  it('pauses sign-in from a browser new to the account after five failures, then refuses even the right password', async () => {
    await withOwnApp(async (own) => {
      const page = await b.newPage();
      await openLanding(page, `${own.portalOrigin}/`);
      await walkToLogin(page);
      for (const left of ['4 attempts', '3 attempts', '2 attempts', '1 attempt']) {
        await submitLogin(page, WRONG);
        await expectMainText(page, `${left} left before the account is locked.`);
      }
      await submitLogin(page, WRONG);
      // This browser never signed in to the account, so its failures pause new devices only (OWASP's
      // device-cookie defence); test/lockout.test.ts shows the owner's known browser still getting in.
      await expectMainText(page, 'Sign-in from new devices is paused until');

      await submitLogin(page, OFFICER);
      await expectHeading(page, 'Secure login');
      expect(await errorSummary(page)).toContain('Sign-in from new devices is paused until');
      expect(await errorSummary(page)).not.toContain('attempts left');
      expect(await cookieValue(page.context(), own.portalOrigin, 'dwaar_sid')).toBeUndefined();
      await page.goto(`${own.portalOrigin}/webtop`);
      await expectHeading(page, LANDING);
    });
  });

  it('stops at "Disclaimer not accepted" when the disclaimer is declined', async () => {
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await page.getByRole('link', { name: 'Start secure sign-in' }).click();
    await page.getByRole('link', { name: 'Continue', exact: true }).click();
    await page.getByLabel('Not this time (the next sign-in asks again)').check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expectHeading(page, 'Disclaimer');
    await page.getByRole('button', { name: 'Cancel' }).click();

    await expectHeading(page, 'Disclaimer not accepted');
    await expectMainText(page, 'Your choice has been recorded.');
    // The login form cannot be reached around the refusal: the steps start again.
    await page.goto(`${app.portalOrigin}/login`);
    await expectHeading(page, 'Device check');
    expect(pathOf(page)).toBe('/inspect');
  });

  const HOUR = 3_600_000;
  it.each([
    { reason: 'idle', says: 'Your session ended because it was not used for 15 minutes.' },
    { reason: 'absolute', says: 'Your session reached its 8-hour limit.' },
  ])('ends a session ($reason): reloading BOWEB shows "Session ended" and why', async ({ reason, says }) => {
    await withOwnApp(async (own) => {
      const context = await b.newContext();
      const page = await context.newPage();
      await signInToWebtop(page, own.portalOrigin);
      await openBowebFromWebtop(page);
      await logIntoBoweb(page);

      if (reason === 'idle') own.clock.advance(16 * 60_000);
      else {
        // Kept busy at the portal all day, the session still ends after eight hours.
        for (let used = 10 * 60_000; used < 8 * HOUR; used += 10 * 60_000) {
          own.clock.advance(10 * 60_000);
          expect(
            (await context.request.get(`${own.portalOrigin}/webtop`, { maxRedirects: 0 })).status(),
          ).toBe(200);
        }
        own.clock.advance(10 * 60_000);
      }
      await page.reload();
      await expectHeading(page, 'Session ended');
      const url = new URL(page.url());
      expect(url.origin).toBe(own.portalOrigin);
      expect(url.searchParams.get('reason')).toBe(reason);
      await expectMainText(page, says);
      await expectMainText(
        page,
        'Work not yet saved in the back-office portal may need to be entered again.',
      );
      // "Sign in again" keeps the way back to BOWEB.
      const again = await page.getByRole('link', { name: 'Sign in again' }).getAttribute('href');
      expect(again).toBe(`/?next=${encodeURIComponent(`${own.bowebOrigin}/`)}`);
    });
  });

  it('says why when the webtop itself is reloaded after the idle timeout', async () => {
    await withOwnApp(async (own) => {
      const page = await b.newPage();
      await signInToWebtop(page, own.portalOrigin);
      own.clock.advance(16 * 60_000);
      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/ended');
      expect(new URL(page.url()).searchParams.get('reason')).toBe('idle');
      await expectHeading(page, 'Session ended');
    });
  });

  it('treats forged gateway cookies as no session at all', async () => {
    const context = await b.newContext();
    await context.addCookies([
      { name: 'dwaar_rs', value: random(), url: app.bowebOrigin },
      { name: 'dwaar_sid', value: random(), url: app.portalOrigin },
    ]);
    const page = await context.newPage();
    await page.goto(`${app.bowebOrigin}/returns/R001`);
    await expectHeading(page, LANDING);
    expect(new URL(page.url()).origin).toBe(app.portalOrigin);

    await context.addCookies([
      { name: 'dwaar_rs', value: 'not-a-token', url: app.bowebOrigin },
      { name: 'dwaar_sid', value: 'not-a-token', url: app.portalOrigin },
    ]);
    await page.goto(`${app.bowebOrigin}/api/whoami`);
    await expectHeading(page, LANDING);
    await page.goto(`${app.portalOrigin}/webtop`);
    await expectHeading(page, LANDING);
  });

  it('refuses a BOWEB cookie replayed after logout', async () => {
    const context = await b.newContext();
    const page = await context.newPage();
    await signInToWebtop(page, app.portalOrigin);
    await openBowebFromWebtop(page);
    const stolen = await cookieValue(context, app.bowebOrigin, 'dwaar_rs');
    expect(stolen).toBeDefined();
    expect((await readWhoami(page, app.bowebOrigin)).body.gateway?.sub).toBe('officer1');
    await page.goto(`${app.portalOrigin}/webtop`);
    await logOut(page);

    const replay = await b.newContext();
    await replay.addCookies([{ name: 'dwaar_rs', value: stolen ?? '', url: app.bowebOrigin }]);
    const thief = await replay.newPage();
    await thief.goto(`${app.bowebOrigin}/api/whoami`);
    await expectHeading(thief, 'Session ended');
    expect(new URL(thief.url()).origin).toBe(app.portalOrigin);
  });

  it('does not let a hand-off link opened a second time grant access', async () => {
    const page = await b.newPage();
    const handoffs: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/.dwaar/callback?code=')) handoffs.push(request.url());
    });
    await signInToWebtop(page, app.portalOrigin);
    await openBowebFromWebtop(page);
    expect(handoffs).toHaveLength(1);

    const replay = await b.newContext();
    const thief = await replay.newPage();
    await thief.goto(handoffs[0] ?? '');
    await expectHeading(thief, LANDING);
    expect(new URL(thief.url()).origin).toBe(app.portalOrigin);
    expect(await cookieValue(replay, app.bowebOrigin, 'dwaar_rs')).toBeUndefined();
  });

  it('replaces a client-sent X-Dwaar-Assertion; BOWEB refuses it when reached directly', async () => {
    const context = await b.newContext();
    const page = await context.newPage();
    await signInToWebtop(page, app.portalOrigin);
    await openBowebFromWebtop(page);

    await context.setExtraHTTPHeaders({ 'X-Dwaar-Assertion': 'forged' });
    const whoami = await readWhoami(page, app.bowebOrigin);
    expect(whoami.status).toBe(200);
    expect(whoami.body.gateway?.sub).toBe('officer1');

    const upstream = app.deps.resources.byId('boweb')?.upstream.origin;
    expect(upstream).toBeDefined();
    const direct = await page.goto(`${upstream ?? ''}/api/whoami`);
    expect(direct?.status()).toBe(403);
    await expectHeading(page, new RegExp(BOWEB_GATEWAY_REQUIRED));
  });

  const offSite = [
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    'http://boweb.localhost.evil.example:{port}/',
    'http://boweb.localhost:{port}@evil.example/',
  ];
  it.each(offSite)('ignores ?next=%s and lands on the webtop after sign-in', async (target) => {
    const next = target.replace('{port}', String(app.port));
    const page = await b.newPage();
    const visited = recordNavigations(page);
    await openLanding(page, `${app.portalOrigin}/?next=${next}`);
    await walkToLogin(page);
    await submitLogin(page, OFFICER);
    await expectHeading(page, 'Your applications');
    expect(page.url()).toBe(`${app.portalOrigin}/webtop`);
    expect(visited.filter((u) => new URL(u).hostname.includes('evil'))).toEqual([]);
  });
});
