import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import {
  consoleSignIn,
  cookieValue,
  expectHeading,
  HQ_ADMIN,
  OFFICER,
  signInToWebtop,
  ZONAL_HEAD,
  useTestApp,
} from './steps.ts';

/** Lucknow zone's districts in the bundled reference data. */
const LUCKNOW_ZONE = ['Hardoi', 'Lakhimpur Kheri', 'Lucknow', 'Raebareli', 'Sitapur', 'Unnao'];

/** The data table's rows as lists of cell texts. */
async function tableRows(page: Page): Promise<string[][]> {
  return page
    .locator('table.data tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td'), (cell) => (cell as HTMLElement).innerText.trim()),
      ),
    );
}

/** The directory's column for `header`, by its position in the table head. */
async function column(page: Page, header: string): Promise<string[]> {
  const headers = await page.locator('table.data thead th').allInnerTexts();
  const index = headers.map((h) => h.trim()).indexOf(header);
  expect(index, `column "${header}" in ${headers.join(' | ')}`).toBeGreaterThanOrEqual(0);
  return (await tableRows(page)).map((cells) => cells[index] ?? '');
}

describe.skipIf(!TEST_CHROMIUM)('The administrators’ console', () => {
  const b = useBrowser();
  const app = useTestApp();

  it('lets the HQ administrator see every officer and every district office', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, HQ_ADMIN);

    await expectHeading(page, 'Directory');
    expect(page.url()).toBe(`${app.portalOrigin}/console`);
    const nav = page.getByRole('navigation', { name: 'Administrators’ console' });
    expect(await nav.innerText()).toContain('Signed in as HQ Administrator (HQ administrator)');

    const zones = new Set(await column(page, 'Zone'));
    expect(zones.has('Lucknow')).toBe(true);
    expect(zones.has('Agra')).toBe(true);
    const status = await page.getByRole('status').innerText();
    const count = Number(/(\d+) officers/.exec(status)?.[1]);
    expect(count).toBe((await tableRows(page)).length);
    expect(await column(page, 'Account')).toContain('officer1\nActive');

    // HQ may narrow the directory to one zone.
    await page.getByLabel('Zone').selectOption({ label: 'Agra' });
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/zone=agra/);
    expect(new Set(await column(page, 'Zone'))).toEqual(new Set(['Agra']));

    await nav.getByRole('link', { name: 'District offices' }).click();
    await expectHeading(page, 'District offices');
    const offices = await column(page, 'Office');
    expect(offices.length).toBe(75);
    expect(offices.filter((o) => o.includes('Closed'))).toHaveLength(19);
    expect(offices.filter((o) => o.includes('Open'))).toHaveLength(56);
    expect(await page.getByRole('status').innerText()).toBe('75 districts, 19 closed');
    const lucknow = (await tableRows(page)).find((cells) => cells[1] === 'Lucknow');
    expect(lucknow?.[2]).toContain('Closed');
    const hardoi = (await tableRows(page)).find((cells) => cells[1] === 'Hardoi');
    expect(hardoi?.[2]).toContain('Open');
  });

  it('shows a zonal head only the officers and offices of the Lucknow zone', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, ZONAL_HEAD);

    await expectHeading(page, 'Directory');
    const rows = await tableRows(page);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(await column(page, 'Zone'))).toEqual(new Set(['Lucknow']));
    for (const district of await column(page, 'District')) expect(LUCKNOW_ZONE).toContain(district);
    expect(rows.flat().join(' ')).not.toContain('Agra');
    // There is no zone picker for a zonal head.
    expect(await page.getByLabel('Zone').count()).toBe(0);

    // Asking for another zone in the address changes nothing.
    await page.goto(`${app.portalOrigin}/console?zone=agra`);
    await expectHeading(page, 'Directory');
    expect(await tableRows(page)).toEqual(rows);
    expect(new Set(await column(page, 'Zone'))).toEqual(new Set(['Lucknow']));

    await page.getByRole('link', { name: 'District offices' }).click();
    await expectHeading(page, 'District offices');
    expect((await column(page, 'District')).sort()).toEqual(LUCKNOW_ZONE);
    expect(new Set(await column(page, 'Zone'))).toEqual(new Set(['Lucknow']));
  });

  it('does not let an officer sign into the console', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, OFFICER);

    await expectHeading(page, 'Administrator sign-in');
    expect(await page.getByRole('alert').innerText()).toContain('This account cannot use the console.');
    expect(await cookieValue(page.context(), app.portalOrigin, 'dwaar_sid')).toBeUndefined();
    await page.goto(`${app.portalOrigin}/console`);
    await expectHeading(page, 'Administrator sign-in');
    expect(new URL(page.url()).pathname).toBe('/console/login');
  });

  it('does not open the console with an officer’s portal session', async () => {
    const page = await b.newPage();
    await signInToWebtop(page, app.portalOrigin, OFFICER);
    const response = await page.goto(`${app.portalOrigin}/console`);
    expect(response?.status()).toBe(403);
    await expectHeading(page, 'Access denied');
  });
});
