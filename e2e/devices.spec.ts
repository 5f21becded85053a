import { describe, expect, it } from 'vitest';
import { en as devicesEn } from '../src/i18n/messages/devices.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import {
  consoleSignIn,
  expectHeading,
  HQ_ADMIN,
  OFFICER,
  signIn,
  signInToWebtop,
  UI,
  useTestApp,
  withOwnApp,
} from './steps.ts';

// Issue 9: "trust this site" registers a device the officer can see and revoke; revoking signs it out.

describe.skipIf(!TEST_CHROMIUM)('Devices and sessions', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('revoking a device from another browser signs it out, and its next sign-in asks about trust again', async () => {
    const trusted = await b.newPage();
    await signInToWebtop(trusted, app.portalOrigin, OFFICER, { trust: true });

    const other = await b.newPage();
    await signInToWebtop(other, app.portalOrigin, OFFICER);
    await other.getByRole('link', { name: devicesEn['devices.link'] }).click();
    await expectHeading(other, devicesEn['devices.pageTitle']);
    // Both sessions are listed, this one marked; the trusted browser is the one device.
    const revoke = other.getByRole('button', { name: /^Revoke Chrome on Linux/ });
    expect(await revoke.count()).toBe(1);
    await revoke.click();
    await expectHeading(other, devicesEn['devices.pageTitle']);
    expect(await other.getByRole('status').innerText()).toContain(devicesEn['devices.doneRevoked']);

    await trusted.reload();
    await expectHeading(trusted, UI.en.endedTitle);
    await trusted.goto(`${app.portalOrigin}/`);
    const again = await signIn(trusted, app.portalOrigin, OFFICER, { trust: true });
    expect(again.trustStepShown).toBe(true);
  });

  it('ends one of the officer’s own sessions from the list', async () => {
    await withOwnApp(async (own) => {
      const first = await b.newPage();
      await signInToWebtop(first, own.portalOrigin, OFFICER);
      own.clock.advance(60_000);
      const second = await b.newPage();
      await signInToWebtop(second, own.portalOrigin, OFFICER);
      await second.goto(`${own.portalOrigin}/account/sessions`);
      const rows = second.getByRole('row');
      expect(await rows.filter({ hasText: devicesEn['devices.thisSession'] }).count()).toBe(1);
      // Newest first: the last row is the first browser's session, not this one.
      await second
        .getByRole('button', { name: /^End session on/ })
        .last()
        .click();
      await expectHeading(second, devicesEn['devices.pageTitle']);
      expect(await second.getByRole('button', { name: /^End session on/ }).count()).toBe(1);
      await first.reload();
      await expectHeading(first, UI.en.endedTitle);
      // Checked before this app closes: axe reloads each page in the other language.
      expect(await b.takeAccessibilityFindings()).toEqual([]);
    });
  });

  it('an administrator ends all of an officer’s sessions with a reason, from the account page', async () => {
    await withOwnApp(async (own) => {
      const officer = await b.newPage();
      await signInToWebtop(officer, own.portalOrigin, OFFICER, { trust: true });
      const admin = await b.newPage();
      await consoleSignIn(admin, own, HQ_ADMIN);
      const row = await own.deps.store.db
        .selectFrom('accounts')
        .select('id')
        .where('user_id', '=', OFFICER.userId)
        .executeTakeFirstOrThrow();
      await admin.goto(`${own.portalOrigin}/console/accounts/${row.id}`);
      await admin.locator('#end-all-reason').fill('Laptop reported stolen');
      await admin.getByRole('button', { name: devicesEn['devices.consoleEndAll'] }).click();
      await admin.waitForURL((url) => url.searchParams.get('sessions') === 'ended');
      expect(await admin.getByRole('status').first().innerText()).toContain('1 session(s) ended.');
      await officer.reload();
      await expectHeading(officer, UI.en.endedTitle);
      // Checked before this app closes: axe reloads each page in the other language.
      expect(await b.takeAccessibilityFindings()).toEqual([]);
    });
  });
});
