import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import { consoleSignIn, expectHeading, HQ_ADMIN, loadsNewPage, useTestApp, ZONAL_HEAD } from './steps.ts';

/** The policy file of this spec's gateway: a copy of the demo's, which one test breaks and mends. */
const POLICY_FILE = join(mkdtempSync(join(tmpdir(), 'dwaar-policy-e2e-')), 'policy.yaml');
const DEMO = readFileSync(resolve(import.meta.dirname, '..', 'config', 'policy.demo.yaml'), 'utf8');
writeFileSync(POLICY_FILE, DEMO);

describe.skipIf(!TEST_CHROMIUM)('The access policy in the console', () => {
  const b = useBrowser();
  const app = useTestApp({ upstream: 'boweb', env: { DWAAR_POLICY: POLICY_FILE } });

  it('walks HQ through the live policy, its history and an explanation (axe on each page, both languages)', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, HQ_ADMIN);
    const nav = page.getByRole('navigation', { name: 'Administrators’ console' });
    await loadsNewPage(page, () => nav.getByRole('link', { name: 'Access policy' }).click());
    await expectHeading(page, 'Access policy');
    expect(await page.getByRole('region', { name: 'Resources' }).innerText()).toContain('boweb.localhost');

    await loadsNewPage(page, () => page.getByRole('link', { name: 'History of loads' }).click());
    await expectHeading(page, 'History of policy loads');
    expect(await page.locator('table.data tbody tr').count()).toBeGreaterThanOrEqual(1);

    await loadsNewPage(page, () => page.getByRole('link', { name: 'Back to the access policy' }).click());
    await loadsNewPage(page, () => page.getByRole('link', { name: 'Explain a decision' }).click());
    await expectHeading(page, 'Explain a decision');
    await page.getByLabel('User ID').fill('officer1');
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Explain' }).click());
    expect(await page.getByRole('status').innerText()).toContain('ALLOWED');

    // The form with its errors shown.
    await page.getByLabel('User ID').fill('');
    await page.getByLabel('Time (optional)').fill('tomorrow');
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Explain' }).click());
    await page.getByRole('alert').waitFor();
    expect(await checkAccessibility(page, 'explain form errors')).toEqual([]);
  });

  it('reload: a broken file is refused with its lines, and the policy in force stays', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, HQ_ADMIN);
    await page.goto(`${app.portalOrigin}/console/policy`);
    writeFileSync(POLICY_FILE, DEMO.replace(/max_sessions: \d+/, 'max_sessions: many'));
    try {
      await loadsNewPage(page, () => page.getByRole('button', { name: 'Reload now' }).click());
      await page.getByRole('alert').waitFor();
      const problems = await page.getByRole('region', { name: 'Problems in the file' }).innerText();
      expect(problems).toContain('max_sessions');
      expect(await checkAccessibility(page, 'reload refused')).toEqual([]);
    } finally {
      writeFileSync(POLICY_FILE, DEMO);
    }
  });

  it('shows a zonal head the policy without a reload button', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, ZONAL_HEAD);
    await page.goto(`${app.portalOrigin}/console/policy`);
    await expectHeading(page, 'Access policy');
    expect(await page.getByRole('button', { name: 'Reload now' }).count()).toBe(0);
  });
});
