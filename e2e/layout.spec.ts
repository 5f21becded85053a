import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createProposalFromPicks, submitProposal } from '../src/proposals/workflow/service.ts';
import { COOKIE } from '../src/web/cookies.ts';
import type { TestApp } from '../test/create-test-app.ts';
import { insertOfficer } from '../test/factories/accounts.ts';
import { actorFor } from '../test/factories/proposals.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import { BAD_CSV, checkCsvFile } from './rollout-steps.ts';
import {
  consoleSignIn,
  expectHeading,
  HQ_ADMIN,
  logIntoBoweb,
  openBowebFromWebtop,
  openLanding,
  signInToWebtop,
  UI,
  useTestApp,
  walkToLogin,
  ZONAL_HEAD,
} from './steps.ts';

/**
 * The pages on a phone (issue 8, item 14): at 320 CSS px wide (a 1280 px screen at 400% zoom, or a 640 px one
 * at 200%) nothing scrolls sideways except a table inside its own focusable scroll region, the console's
 * header leaves most of the first screen to the page, and table rows keep a sensible height.
 */

const PHONE = { width: 320, height: 640 } as const;
/** The console's header and banner may take at most this share of the first screen. */
const HEADER_SHARE = 0.4;
/**
 * A row on the phone may be this many times as tall as on a desktop, plus a line: more reads as a column of
 * single words squeezed into a narrow cell.
 */
const ROW_GROWTH = 2;
const ROW_SLACK_PX = 32;
const DESKTOP = { width: 1280, height: 800 } as const;

interface Fit {
  scrollWidth: number;
  /** Elements sticking out past the right edge, outside any scroll region of their own. */
  sticking: string[];
  headerPx: number;
  rowHeights: number[];
  /** Scrollable regions a keyboard cannot reach. */
  unreachable: string[];
}

async function fit(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const name = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
    const scrolls = (el: Element): boolean => {
      const style = getComputedStyle(el);
      return /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth;
    };
    const width = document.documentElement.clientWidth;
    const sticking = Array.from(document.body.querySelectorAll('*'))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => {
        for (let p = el.parentElement; p; p = p.parentElement) if (scrolls(p)) return false;
        return true;
      })
      .slice(0, 8)
      .map(name);
    const header = document.querySelector('.site-header, header');
    const banner = document.querySelector('.confidential');
    const rows = Array.from(document.querySelectorAll('tbody tr'), (r) => r.getBoundingClientRect().height);
    const unreachable = Array.from(document.querySelectorAll('*'))
      .filter(scrolls)
      .filter((el) => el.getAttribute('tabindex') !== '0')
      .map(name);
    return {
      scrollWidth: document.documentElement.scrollWidth,
      sticking,
      headerPx: (header?.getBoundingClientRect().height ?? 0) + (banner?.getBoundingClientRect().height ?? 0),
      rowHeights: rows,
      unreachable,
    };
  });
}

/** The page fits 320 px, its scroll regions take the keyboard, and (console) its header is compact. */
async function expectFits(page: Page, what: string, o: { console?: boolean } = {}): Promise<void> {
  await page.setViewportSize(DESKTOP);
  const desktopRows = (await fit(page)).rowHeights;
  await page.setViewportSize(PHONE);
  const seen = await fit(page);
  const where = `${what} at ${page.url()}`;
  expect(seen.sticking, `${where}: elements past the right edge`).toEqual([]);
  expect(seen.scrollWidth, `${where}: document width`).toBeLessThanOrEqual(PHONE.width);
  expect(seen.unreachable, `${where}: scrollable regions without tabindex=0`).toEqual([]);
  const tallRows = seen.rowHeights
    .map((px, i) => ({ row: i + 1, phone: Math.round(px), desktop: Math.round(desktopRows[i] ?? 0) }))
    .filter((r) => r.phone > r.desktop * ROW_GROWTH + ROW_SLACK_PX);
  expect(tallRows, `${where}: table rows much taller than on a desktop`).toEqual([]);
  if (o.console) {
    expect(seen.headerPx, `${where}: header and banner height`).toBeLessThanOrEqual(
      PHONE.height * HEADER_SHARE,
    );
  }
  // Scroll regions appear only at this width: check them with axe here, not only at the desktop size.
  await checkAccessibility(page, `${PHONE.width} px wide`);
}

/** A submitted proposal of the Lucknow zone, so the review queue and its page have rows to lay out. */
async function submittedProposal(app: TestApp): Promise<void> {
  const now = app.clock.now();
  const ids: number[] = [];
  for (const [i, district] of ['lucknow', 'unnao', 'hardoi'].entries()) {
    const row = await insertOfficer(app.deps.store.db, now, {
      district_id: district,
      employee_no: `UPLAYOUT${String(i + 1).padStart(3, '0')}`,
      name_en: `Layout Officer with a Rather Long Name ${i + 1}`,
      email: `layout.officer.with.a.long.address.${i + 1}@ctd.up.example`,
      mobile: '9876543210',
    });
    ids.push(row.id);
  }
  const actor = await actorFor(app.deps, ZONAL_HEAD.userId, 'proposal.create');
  const created = await createProposalFromPicks(app.deps, { actor, zoneId: 'lucknow', officerIds: ids });
  if (!created.ok) throw new Error(`draft refused: ${created.reason}`);
  const sent = await submitProposal(app.deps, { actor, proposalId: created.proposalId });
  if (!sent.ok) throw new Error(`submit refused: ${sent.reason}`);
}

describe.skipIf(!TEST_CHROMIUM)('Every page on a 320 px phone', () => {
  const b = useBrowser();
  const app = useTestApp();

  for (const lang of ['en', 'hi'] as const) {
    it(`the officer's path fits, from the landing page to BOWEB's returns (${lang})`, async () => {
      const page = await b.newPage({ viewport: PHONE, locale: lang === 'hi' ? 'hi-IN' : 'en-IN' });
      await openLanding(page, `${app.portalOrigin}/`, lang);
      await expectFits(page, 'portal landing');

      await page.getByRole('link', { name: UI[lang].startSignIn }).click();
      await expectHeading(page, UI[lang].inspectTitle);
      await page.getByRole('link', { name: UI[lang].continue, exact: true }).waitFor();
      await expectFits(page, 'device check');

      await openLanding(page, `${app.portalOrigin}/`, lang);
      await walkToLogin(page, { lang });
      await expectFits(page, 'login');

      await signInToWebtop(page, app.portalOrigin, undefined, { lang });
      await expectFits(page, 'webtop');

      await openBowebFromWebtop(page, lang);
      await expectFits(page, 'BOWEB login');
      await logIntoBoweb(page);
      await expectFits(page, 'BOWEB returns');
    });
  }

  it('the console fits, with a compact header, for HQ (directory, districts, review, accounts)', async () => {
    await submittedProposal(app);
    const page = await b.newPage({ viewport: PHONE });
    await consoleSignIn(page, app, HQ_ADMIN);
    await expectFits(page, 'console home', { console: true });

    for (const [path, what] of [
      ['/console/districts', 'districts'],
      ['/console/review', 'review queue'],
      ['/console/accounts', 'accounts'],
    ] as const) {
      await page.goto(`${app.portalOrigin}${path}`);
      await expectFits(page, what, { console: true });
    }
    // The first proposal in the queue, with its officers.
    await page.goto(`${app.portalOrigin}/console/review`);
    await page.locator('main a[href^="/console/review/"]').first().click();
    await page.waitForURL(/\/console\/review\/\d+/);
    await expectFits(page, 'review of one proposal', { console: true });

    // Hindi words are longer: the header stays compact in Hindi too.
    await page.context().addCookies([{ name: COOKIE.lang, value: 'hi', url: `${app.portalOrigin}/` }]);
    for (const path of ['/console', '/console/districts', '/console/accounts']) {
      await page.goto(`${app.portalOrigin}${path}`);
      expect(await page.locator('html').getAttribute('lang')).toBe('hi');
      await expectFits(page, `${path} in Hindi`, { console: true });
    }
  });

  it('the CSV import and its preview fit, for a zonal head', async () => {
    const page = await b.newPage({ viewport: PHONE });
    await consoleSignIn(page, app, ZONAL_HEAD);
    await page.goto(`${app.portalOrigin}/console/proposals/import`);
    await expectFits(page, 'import', { console: true });
    await checkCsvFile(page, BAD_CSV);
    await expectFits(page, 'import preview', { console: true });
  });
});
