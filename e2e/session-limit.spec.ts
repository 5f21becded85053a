import { describe, expect, it } from 'vitest';
import { en as devicesEn } from '../src/i18n/messages/devices.ts';
import { limitSessions } from '../test/sessions-helpers.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import { expectHeading, OFFICER, pathOf, signIn, signInToWebtop, UI, useTestApp } from './steps.ts';

// Issue 9: at the concurrent session limit the officer picks which session to end; nothing is evicted silently.

describe.skipIf(!TEST_CHROMIUM)('The session limit', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('lists the live sessions, ends the one chosen, and signs the new browser in', async () => {
    await limitSessions(app, 2);
    const first = await b.newPage();
    await signInToWebtop(first, app.portalOrigin, OFFICER, { trust: true });
    app.clock.advance(60_000);
    const second = await b.newPage();
    await signInToWebtop(second, app.portalOrigin, OFFICER);

    app.clock.advance(60_000);
    const third = await b.newPage();
    await signIn(third, app.portalOrigin, OFFICER);
    expect(pathOf(third)).toBe('/login/limit');
    await expectHeading(third, devicesEn['devices.limitTitle']);
    const options = third.getByRole('radio');
    expect(await options.count()).toBe(2);
    // Newest first: the last one is the first browser's session.
    await options.last().check();
    await third.getByRole('button', { name: devicesEn['devices.limitEnd'] }).click();
    await expectHeading(third, UI.en.webtopTitle);

    // The first browser is signed out at its next request; the second keeps working.
    await first.reload();
    await expectHeading(first, UI.en.endedTitle);
    await second.reload();
    await expectHeading(second, UI.en.webtopTitle);
  });

  it('cancels: the new browser is not signed in and no session ends', async () => {
    // The previous test left two live sessions, the limit.
    const page = await b.newPage();
    await signIn(page, app.portalOrigin, OFFICER);
    await expectHeading(page, devicesEn['devices.limitTitle']);
    await page.getByRole('button', { name: devicesEn['devices.limitCancel'] }).click();
    await expectHeading(page, UI.en.landingTitle);
    await page.goto(`${app.portalOrigin}/webtop`);
    expect(pathOf(page)).not.toBe('/webtop');
  });
});
