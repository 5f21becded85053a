import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOrigin } from '../test/audit-search-harness.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import { consoleSignIn, expectHeading, HQ_ADMIN, loadsNewPage, useTestApp, ZONAL_HEAD } from './steps.ts';

describe.skipIf(!TEST_CHROMIUM)('The audit trail in the console', () => {
  const b = useBrowser();
  const app = useTestApp();
  let origin = '';
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const served = await auditOrigin(app);
    origin = served.origin;
    close = () => served.close();
  });
  afterAll(async () => {
    await close?.();
  });

  it('lets HQ search, read the results, fix a bad date and open a timeline (axe on each page)', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, HQ_ADMIN);
    await page.goto(`${origin}/console/audit`);
    await expectHeading(page, 'Audit trail');
    await page.getByLabel('User ID').fill('hq.admin');
    await page.getByLabel('Action').selectOption('console.');
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Search' }).click());
    const results = page.getByRole('region', { name: 'Audit events, newest first' });
    expect(await results.innerText()).toContain('console.login_succeeded');
    expect(await checkAccessibility(page, 'search results')).toEqual([]);

    await page.getByLabel('From date').fill('31-02-2026');
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Search' }).click());
    await page.getByRole('alert').waitFor();
    await page.getByRole('link', { name: /Enter the from date as dd-mm-yyyy/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('from');
    expect(await checkAccessibility(page, 'search with a bad date')).toEqual([]);

    await page.getByLabel('From date').fill('');
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Search' }).click());
    await loadsNewPage(page, () => results.getByRole('link', { name: 'hq.admin' }).first().click());
    await expectHeading(page, 'Access timeline: HQ Administrator');
    expect(await page.getByRole('img', { name: /Events on .* by hour/ }).count()).toBeGreaterThan(0);
    expect(await checkAccessibility(page, 'timeline')).toEqual([]);
  });

  it('shows a zonal head the search without the checkpoints panel', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, ZONAL_HEAD);
    await page.goto(`${origin}/console/audit`);
    await expectHeading(page, 'Audit trail');
    expect(await page.getByRole('button', { name: 'Write a checkpoint now' }).count()).toBe(0);
    expect(await checkAccessibility(page, 'zonal head search')).toEqual([]);
  });
});
