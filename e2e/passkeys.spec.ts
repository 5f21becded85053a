import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { en as passkeysEn, hi as passkeysHi } from '../src/i18n/messages/passkeys.ts';
import { en as provisioningEn } from '../src/i18n/messages/provisioning.ts';
import { DEMO_POLICY_PATH } from '../src/config.ts';
import { enrolAuthenticator, nextCode } from '../test/factories/staff.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import {
  consoleSignIn,
  expectHeading,
  HQ_ADMIN,
  loadsNewPage,
  OFFICER,
  pathOf,
  signIn,
  UI,
  useTestApp,
} from './steps.ts';

// Issue 9: passkeys with Chromium's virtual authenticator (CDP WebAuthn domain): enrol after a TOTP sign-in,
// sign out, sign in with the password and the passkey.

/** A platform authenticator with user verification, that answers without a prompt. */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

describe.skipIf(!TEST_CHROMIUM)('Passkeys', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('enrols a passkey after a TOTP sign-in, then signs in with the password and the passkey', async () => {
    const secret = await enrolAuthenticator(app, OFFICER.userId);
    const page = await b.newPage();
    await addVirtualAuthenticator(page);

    await signIn(page, app.portalOrigin, OFFICER);
    expect(pathOf(page)).toBe('/login/otp');
    // No passkey yet: the passkey button stays hidden.
    await expect(
      page.getByRole('button', { name: passkeysEn['passkeys.useButton'] }).isVisible(),
    ).resolves.toBe(false);
    await page.getByLabel(provisioningEn['provisioning.mfaCode']).fill(nextCode(app, OFFICER.userId, secret));
    await loadsNewPage(page, () =>
      page.getByRole('button', { name: provisioningEn['provisioning.mfaVerify'] }).click(),
    );
    await expectHeading(page, UI.en.webtopTitle);

    await page.getByRole('link', { name: passkeysEn['passkeys.securityLink'] }).click();
    await expectHeading(page, passkeysEn['passkeys.securityTitle']);
    await page.getByLabel(passkeysEn['passkeys.nameLabel']).fill('Office laptop');
    await loadsNewPage(page, () =>
      page.getByRole('button', { name: passkeysEn['passkeys.addButton'] }).click(),
    );
    await expect(page.getByRole('status').first().innerText()).resolves.toBe(passkeysEn['passkeys.enrolled']);
    await expect(page.getByRole('cell', { name: 'Office laptop', exact: true }).isVisible()).resolves.toBe(
      true,
    );

    // The page in Hindi (axe checks each page in both languages by itself).
    await page.goto(`${app.portalOrigin}/lang?to=hi&back=/account/security`);
    await expectHeading(page, passkeysHi['passkeys.securityTitle']);
    await page.goto(`${app.portalOrigin}/lang?to=en&back=/webtop`);
    await expectHeading(page, UI.en.webtopTitle);
    await loadsNewPage(page, () => page.getByRole('button', { name: UI.en.logout }).click());

    app.clock.advance(60_000);
    await signIn(page, app.portalOrigin, OFFICER);
    expect(pathOf(page)).toBe('/login/otp');
    const usePasskey = page.getByRole('button', { name: passkeysEn['passkeys.useButton'] });
    await usePasskey.waitFor({ state: 'visible' });
    await loadsNewPage(page, () => usePasskey.click());
    await expectHeading(page, UI.en.webtopTitle);
    const used = await app.deps.store.db
      .selectFrom('webauthn_credentials')
      .select(['name', 'last_used_at'])
      .execute();
    expect(used).toEqual([{ name: 'Office laptop', last_used_at: expect.any(Number) as number }]);
  });

  it('lets staff add their own passkey and an administrator remove an officer’s, with a reason', async () => {
    const page = await b.newPage();
    await addVirtualAuthenticator(page);
    await consoleSignIn(page, app, HQ_ADMIN);
    await page.goto(`${app.portalOrigin}/console/security`);
    await expectHeading(page, passkeysEn['passkeys.securityTitle']);
    await page.getByLabel(passkeysEn['passkeys.nameLabel']).fill('HQ desk');
    await loadsNewPage(page, () =>
      page.getByRole('button', { name: passkeysEn['passkeys.addButton'] }).click(),
    );
    await expect(page.getByRole('cell', { name: 'HQ desk', exact: true }).isVisible()).resolves.toBe(true);

    const officer = await app.deps.store.db
      .selectFrom('accounts')
      .select('id')
      .where('user_id', '=', OFFICER.userId)
      .executeTakeFirstOrThrow();
    await page.goto(`${app.portalOrigin}/console/accounts/${officer.id}`);
    await page.getByRole('link', { name: passkeysEn['passkeys.securityTitle'] }).click();
    const reset = page.getByRole('button', { name: passkeysEn['passkeys.resetButton'] });
    await loadsNewPage(page, () => reset.click());
    await expect(page.getByRole('alert').innerText()).resolves.toContain(
      passkeysEn['passkeys.errResetReason'],
    );
    await page.getByLabel(passkeysEn['passkeys.resetReason']).fill('Laptop reported stolen');
    await loadsNewPage(page, () => reset.click());
    await expect(page.getByRole('status').first().innerText()).resolves.toContain(OFFICER.userId);
  });
});

describe.skipIf(!TEST_CHROMIUM)('A profile that requires a passkey', () => {
  const b = useBrowser();
  const dir = mkdtempSync(join(tmpdir(), 'dwaar-e2e-passkey-'));
  const policy = join(dir, 'policy.yaml');
  writeFileSync(
    policy,
    readFileSync(DEMO_POLICY_PATH, 'utf8').replace(
      /( {2}portal:\n(?: {4}.*\n)*? {4}second_factor: any\n)/,
      '$1    second_factor_by_role: { officer: passkey }\n',
    ),
  );
  const app = useTestApp({ upstream: 'boweb', env: { DWAAR_POLICY: policy, DWAAR_POLICY_WATCH: '0' } });

  it('tells an officer without a passkey whom to ask', async () => {
    await enrolAuthenticator(app, OFFICER.userId);
    const page = await b.newPage();
    await signIn(page, app.portalOrigin, OFFICER);
    await expectHeading(page, passkeysEn['passkeys.requiredTitle']);
    await expect(page.getByLabel(provisioningEn['provisioning.mfaCode']).count()).resolves.toBe(0);
  });
});
