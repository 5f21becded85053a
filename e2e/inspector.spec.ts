import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACTS, runScript } from '../test/inspector-steps.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import { expectHeading, expectMainText, OFFICER, openLanding, submitLogin, UI, useTestApp } from './steps.ts';

/**
 * The inspector as an officer meets it: the optional, collapsed choice at the trust step, the pairing
 * code and command, the report command on the inspector page, and the findings in words on the webtop.
 * Every page is checked with axe in both languages (useBrowser).
 */
describe.skipIf(!TEST_CHROMIUM)('The endpoint inspector', () => {
  const b = useBrowser();
  const app = useTestApp();
  const home = mkdtempSync(join(tmpdir(), 'dwaar-inspect-e2e-'));
  const factsFile = join(home, 'facts.json');
  writeFileSync(factsFile, JSON.stringify(FACTS));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('pairs at the trust step, reports for the session and shows the findings', async () => {
    const t = UI.en;
    const page = await b.newPage();
    await openLanding(page, `${app.portalOrigin}/`);
    await page.getByRole('link', { name: t.startSignIn }).click();
    await expectHeading(page, t.inspectTitle);
    await page.getByRole('link', { name: t.continue, exact: true }).click();
    await expectHeading(page, t.trustTitle);
    await page.getByLabel('Trust this site on this device and always allow the device check').check();
    // Collapsed until the officer opens it.
    const optIn = page.getByLabel('Pair the inspector with this device');
    expect(await optIn.isVisible()).toBe(false);
    await page.getByText('Also use the inspector (optional)').click();
    await optIn.check();
    await page.getByRole('button', { name: t.continue, exact: true }).click();

    await expectHeading(page, 'Pair the inspector');
    const command = (await page.locator('pre code').innerText()).trim();
    const [, , , origin, code] = command.split(/\s+/);
    expect(origin).toBe(app.portalOrigin);
    const paired = await runScript(['pair', origin ?? '', code ?? ''], home, factsFile);
    expect(paired.stderr).toBe('');
    await page.getByRole('link', { name: 'I have run it: check again' }).click();
    await expectMainText(page, 'The inspector is paired with this device.');
    await page.getByRole('link', { name: 'Continue signing in' }).click();

    await expectHeading(page, t.disclaimerTitle);
    await page.getByRole('button', { name: t.agree, exact: true }).click();
    await expectHeading(page, t.loginTitle);
    await submitLogin(page, OFFICER);
    await expectHeading(page, 'Your applications');

    await page.getByRole('link', { name: 'Check this computer with the inspector' }).click();
    await expectHeading(page, 'Computer check (inspector)');
    await expectMainText(page, 'The inspector has not reported for this session yet.');
    const reportCommand = (await page.locator('pre code').innerText()).trim();
    const [, , verb, , nonce] = reportCommand.split(/\s+/);
    expect(verb).toBe('report');
    const reported = await runScript(['report', app.portalOrigin, nonce ?? ''], home, factsFile);
    expect(reported.stderr).toBe('');
    await page.reload();
    const findings = page.getByRole('table');
    expect(await findings.getByRole('row', { name: /Disk encryption/ }).innerText()).toContain('Yes');
    expect(await findings.getByRole('row', { name: /Firewall/ }).innerText()).toContain('No');
    expect(await findings.getByRole('row', { name: /Screen lock/ }).innerText()).toContain('Could not tell');

    await page.getByRole('link', { name: 'Back to my applications' }).click();
    await expectHeading(page, 'Your applications');
    await expectMainText(page, 'Security updates installed');
  });
});
