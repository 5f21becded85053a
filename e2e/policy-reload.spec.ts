import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import {
  BOWEB_LOGIN_HEADING,
  BOWEB_RETURNS_HEADING,
  expectHeading,
  expectMainText,
  logIntoBoweb,
  openBowebFromWebtop,
  signInToWebtop,
  useTestApp,
} from './steps.ts';

describe.skipIf(!TEST_CHROMIUM)('HQ changes the access policy while an officer works', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('refuses BOWEB at the next click when its rule changes, and lets the officer back in when restored', async () => {
    const page = await b.newPage();
    await signInToWebtop(page, app.portalOrigin);
    await openBowebFromWebtop(page);
    await logIntoBoweb(page);
    const good = readFileSync(app.policyPath, 'utf8');
    try {
      // HQ allows BOWEB only from a network the test browser is never on.
      writeFileSync(
        app.policyPath,
        good.replace('office: closed', 'office: closed\n          network: [192.0.2.0/24]'),
      );
      expect(await app.deps.policy.reload('console', 'hq.admin')).toMatchObject({ ok: true, changed: true });
      await page.reload();
      await expectHeading(page, 'Your applications');
      await expectMainText(page, 'BOWEB back-office portal is not available to you now.');
      await expectMainText(page, 'cannot be opened from the network you are on');
      expect(await checkAccessibility(page, 'webtop with an application refused by the policy')).toEqual([]);
    } finally {
      writeFileSync(app.policyPath, good);
      await app.deps.policy.reload('console', 'hq.admin');
    }
    // Back in, at the back office's own page: its session with BOWEB lasted through the refusal.
    await page.reload();
    await page.getByRole('link', { name: 'Open BOWEB back-office portal' }).click();
    await expectHeading(page, BOWEB_RETURNS_HEADING);
  });

  it('sends the officer back to the webtop, with a note, when a reload removes the resource', async () => {
    const page = await b.newPage({ locale: 'hi-IN' });
    await signInToWebtop(page, app.portalOrigin, undefined, { lang: 'hi' });
    await openBowebFromWebtop(page, 'hi');
    await expectHeading(page, BOWEB_LOGIN_HEADING);
    const good = readFileSync(app.policyPath, 'utf8');
    try {
      writeFileSync(app.policyPath, good.slice(0, good.indexOf('resources:')) + 'resources: []\n');
      expect(await app.deps.policy.reload('signal')).toMatchObject({ ok: true, changed: true });
      await page.reload();
      await expectMainText(page, 'बोवेब बैक-ऑफिस पोर्टल अब द्वार के माध्यम से उपलब्ध नहीं है।');
      expect(new URL(page.url()).pathname).toBe('/webtop');
      expect(await checkAccessibility(page, 'webtop after a resource was removed (Hindi)')).toEqual([]);
    } finally {
      writeFileSync(app.policyPath, good);
      await app.deps.policy.reload('signal');
    }
  });
});
