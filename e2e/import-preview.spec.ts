import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/create-test-app.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import { checkCsvFile, FIXTURES_DIR, statusText, tableRows } from './rollout-steps.ts';
import { consoleSignIn, expectHeading, expectMainText, pathOf, ZONAL_HEAD } from './steps.ts';

/**
 * The CSV import's preview in the browser (issue 8, items 10, 11 and 16): it has its own address, so the
 * language switch, a reload and the back button keep it; a repeated employee number rejects only its later
 * row, so "import only the valid rows" keeps the genuine first; its tables scroll by keyboard.
 */

/** Meera (line 2) and Anil (line 3) are valid; line 4 repeats Meera's number; line 5 is another zone's. */
const DUPLICATE_CSV = join(FIXTURES_DIR, 'officers-duplicate.csv');
const PREVIEW_PATH = /^\/console\/proposals\/import\/[0-9a-f]{32}$/;
const AXE_SOURCE = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  readonly id: string;
  readonly nodes: readonly { readonly target: readonly unknown[] }[];
}

/** Runs axe-core's given rules on the page as it is (injected over CDP: the page's CSP allows no script). */
async function axeViolations(page: Page, rules: readonly string[]): Promise<string[]> {
  await page.evaluate(await AXE_SOURCE);
  const found = await page.evaluate(async (runOnly) => {
    const axe = (window as unknown as { axe: { run(o: object): Promise<{ violations: AxeViolation[] }> } })
      .axe;
    const result = await axe.run({ runOnly: { type: 'rule', values: runOnly } });
    return result.violations;
  }, rules);
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** Clicks the header's language switch and waits for the page in the other language. */
async function switchLanguage(page: Page, heading: string): Promise<void> {
  await page.locator('nav.lang-switch a').click();
  await expectHeading(page, heading);
}

describe.skipIf(!TEST_CHROMIUM)('The CSV import preview', () => {
  const b = useBrowser();
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ upstream: 'boweb' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps the preview through the language switch, a reload and the back button, and imports the first of two duplicates', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, ZONAL_HEAD);
    await page.goto(`${app.portalOrigin}/console/proposals/import`);
    await checkCsvFile(page, DUPLICATE_CSV);
    const address = pathOf(page);
    expect(address).toMatch(PREVIEW_PATH);
    expect(await statusText(page)).toContain('2 rows rejected');
    expect(await statusText(page)).toContain('4 rows: 2 valid, 2 rejected.');
    // Only the later row of the repeated number is rejected, naming the first.
    const problems = await tableRows(page.locator('#problems table'));
    expect(problems.map((cells) => cells.slice(0, 3))).toEqual([
      ['4', 'employee_no', 'UPCT91001'],
      ['5', 'district', 'Kanpur Nagar'],
    ]);
    expect(problems[0]?.[3]).toContain('This employee number is already on line 2');
    const valid = await tableRows(page.locator('#valid-rows table'));
    expect(valid.map((cells) => cells.slice(0, 7))).toEqual([
      [
        '2',
        'UPCT91001',
        'Meera Srivastava\nमीरा श्रीवास्तव',
        'Deputy Commissioner',
        'Adjudication',
        'Lucknow',
        'Lucknow',
      ],
      [
        '3',
        'UPCT91002',
        'Anil Kumar Verma\nअनिल कुमार वर्मा',
        'Commercial Tax Officer',
        'Enforcement',
        'Unnao',
        'Lucknow',
      ],
    ]);

    // In Hindi: the same preview at the same address, names and places in Hindi.
    await switchLanguage(page, 'आयात की जाँच');
    expect(pathOf(page)).toBe(address);
    expect(await statusText(page)).toContain('2 पंक्तियाँ अस्वीकृत');
    const hindi = await tableRows(page.locator('#valid-rows table'));
    expect(hindi[0]?.slice(1, 6)).toEqual([
      'UPCT91001',
      'मीरा श्रीवास्तव\nMeera Srivastava',
      'डिप्टी कमिश्नर',
      'एडजुडिकेशन',
      'लखनऊ',
    ]);
    expect(await page.locator('#problems').innerText()).toContain('UPCT91001');

    // A reload and the back button show it again; nothing is posted twice.
    await page.reload();
    await expectHeading(page, 'आयात की जाँच');
    expect(pathOf(page)).toBe(address);
    await page.goBack();
    await expectHeading(page, 'आयात की जाँच');
    expect(pathOf(page)).toBe(address);
    expect(await statusText(page)).toContain('2 पंक्तियाँ अस्वीकृत');

    // Import only the valid rows: the first of the two rows with UPCT91001 (Meera) goes in, not the repeat.
    await switchLanguage(page, 'Check the import');
    await page.getByLabel('Import only the valid rows (2), dropping the rejected ones').check();
    await page.getByRole('button', { name: 'Create a draft proposal with 2 officers' }).click();
    await page.waitForURL(/\/console\/proposals\/\d+$/);
    const id = Number(/\/console\/proposals\/(\d+)$/.exec(page.url())?.[1]);
    const items = await tableRows(page.getByRole('table', { name: `Officers on proposal #${id}` }));
    const byNumber = (no: string) => items.find((cells) => cells.includes(no))?.join(' ') ?? '';
    expect(byNumber('UPCT91001')).toContain('Meera Srivastava');
    expect(byNumber('UPCT91001')).not.toContain('Sanjay');
    expect(byNumber('UPCT91002')).toContain('Anil Kumar Verma');
    const officers = await app.deps.store.db
      .selectFrom('officers')
      .select(['employee_no', 'name_en', 'district_id'])
      .where('employee_no', 'like', 'UPCT9100%')
      .orderBy('employee_no')
      .execute();
    expect(officers).toEqual([
      { employee_no: 'UPCT91001', name_en: 'Meera Srivastava', district_id: 'lucknow' },
      { employee_no: 'UPCT91002', name_en: 'Anil Kumar Verma', district_id: 'unnao' },
    ]);

    // The spent upload's address now says so, in both languages, with a way to upload again.
    await page.goto(`${app.portalOrigin}${address}`);
    await expectHeading(page, 'This check is no longer available');
    await switchLanguage(page, 'यह जाँच अब उपलब्ध नहीं है');
    await switchLanguage(page, 'This check is no longer available');
    await page.getByRole('link', { name: 'Upload a CSV file' }).click();
    await expectHeading(page, 'Import officers from a CSV file');
  });

  it('lets a keyboard reach and scroll the preview’s tables on a phone (axe scrollable-region-focusable)', async () => {
    // The same file with officers of its own (the first test proposed those of the fixture).
    const file = join(await mkdtemp(join(tmpdir(), 'dwaar-import-')), 'officers-phone.csv');
    await writeFile(
      file,
      (await readFile(DUPLICATE_CSV, 'utf8')).replaceAll('UPCT9100', 'UPCT9200').replaceAll('@', '.phone@'),
    );
    const page = await b.newPage({ viewport: { width: 375, height: 740 } });
    await consoleSignIn(page, app, ZONAL_HEAD);
    await page.goto(`${app.portalOrigin}/console/proposals/import`);
    await checkCsvFile(page, file);
    const region = page.locator('#valid-rows');
    // The table is wider than the phone: it scrolls inside its region.
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    expect(await axeViolations(page, ['scrollable-region-focusable'])).toEqual([]);
    // Each scroll region is named by its table's caption, for screen readers' landmark lists.
    for (const name of ['Problems, by row', 'Valid rows'])
      expect(await page.getByRole('region', { name }).count()).toBe(1);
    await region.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await expectMainText(page, 'UPCT92001');
  });
});
