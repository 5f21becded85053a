import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, dayText, HI, indiaDay, indiaTime } from '../src/i18n/index.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import { HQ_APPROVER, statusText, tableRows } from './rollout-steps.ts';
import { submittedReviewProposal, type ReviewOfficer } from './review-setup.ts';
import { consoleSignIn, expectHeading, loadsNewPage, useTestApp } from './steps.ts';

/** Issue 8 item 12: HQ review as a table, one row per officer, with bulk selection and a confirm step. */
describe.skipIf(!TEST_CHROMIUM)('HQ review of a proposal, row by row and in bulk', () => {
  const b = useBrowser();
  const app = useTestApp();
  const CONTINUE = 'Continue with the decisions chosen in the rows…';

  const rowOf = (page: Page, o: ReviewOfficer) =>
    page.locator('#review-table tbody tr').filter({ hasText: o.employeeNo });
  const decisionOf = async (o: ReviewOfficer) =>
    (
      await app.deps.store.db
        .selectFrom('proposal_items as pi')
        .innerJoin('officers as o', 'o.id', 'pi.officer_id')
        .select(['pi.decision', 'pi.reason', 'pi.open_office_exception'])
        .where('o.employee_no', '=', o.employeeNo)
        .executeTakeFirstOrThrow()
    ).decision;
  const accountOf = (o: ReviewOfficer) =>
    app.deps.store.db
      .selectFrom('accounts as a')
      .innerJoin('officers as o', 'o.id', 'a.officer_id')
      .select(['a.status', 'a.valid_until'])
      .where('o.employee_no', '=', o.employeeNo)
      .executeTakeFirst();

  async function openReview(page: Page, proposalId: number): Promise<string> {
    await consoleSignIn(page, app, HQ_APPROVER);
    await page.goto(`${app.portalOrigin}/console/review/${proposalId}`);
    const title = `Review proposal #${proposalId} — Lucknow zone`;
    await expectHeading(page, title);
    return title;
  }

  it('shows one row per officer with row headers, the office as a warning badge in words, and named controls', async () => {
    const { proposalId, officers } = await submittedReviewProposal(app, 'A');
    const page = await b.newPage();
    await openReview(page, proposalId);
    const table = page.getByRole('table', { name: `Officers on proposal #${proposalId}: one row each` });
    const headers = await table.locator('thead th').allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual([
      'Select',
      'Officer',
      'Employee no.',
      'District',
      'Office',
      'Activation goes to',
      'Decision',
    ]);
    const rows = await tableRows(table);
    expect(rows).toHaveLength(4);
    expect(await table.locator('tbody th[scope="row"]').allInnerTexts()).toEqual(
      expect.arrayContaining([officers.asha.nameEn, officers.prakash.nameEn]),
    );

    const prakash = rowOf(page, officers.prakash);
    const badge = prakash.locator('.review-badge');
    expect((await badge.innerText()).trim()).toBe('⚠ Office open');
    // Warning colours, not green, with text contrast of at least 4.5:1.
    const colours = await badge.evaluate((el) => {
      const s = getComputedStyle(el);
      return { color: s.color, background: s.backgroundColor };
    });
    expect(contrast(colours.color, colours.background)).toBeGreaterThanOrEqual(4.5);
    expect(colours.color).not.toBe('rgb(26, 107, 47)');
    expect((await rowOf(page, officers.asha).locator('.review-badge').innerText()).trim()).toBe(
      'Office closed',
    );

    // Radios sit inside their labels, and each control's name says whose decision it is.
    const name = officers.prakash.nameEn;
    for (const label of [`Not yet for ${name}`, `Approve as an exception ${name}`, `Reject ${name}`]) {
      const radio = prakash.getByRole('radio', { name: label, exact: true });
      expect(await radio.evaluate((el) => el.closest('label') !== null)).toBe(true);
    }
    expect(await prakash.getByRole('radio', { name: `Approve ${name}`, exact: true }).count()).toBe(0);
    expect(await prakash.getByRole('checkbox', { name: `Select ${name}`, exact: true }).count()).toBe(1);

    // Only the fields of the decision taken show (review.js): none until one is chosen.
    const reason = prakash.getByLabel(`Reason for rejecting ${name} (shown to the proposer)`);
    const exceptionReason = prakash.getByLabel(`Reason for the exception for ${name}`);
    const until = prakash.getByLabel(`Access valid until for ${name} (optional)`);
    expect(await reason.isVisible()).toBe(false);
    expect(await exceptionReason.isVisible()).toBe(false);
    await prakash.getByRole('radio', { name: `Reject ${name}` }).check();
    expect(await reason.isVisible()).toBe(true);
    expect(await exceptionReason.isVisible()).toBe(false);
    await prakash.getByRole('radio', { name: `Approve as an exception ${name}` }).check();
    expect(await reason.isVisible()).toBe(false);
    expect(await exceptionReason.isVisible()).toBe(true);
    // The hint matches the box: dd-mm-yyyy, a text box, not a browser date picker in another format.
    expect(await until.getAttribute('type')).toBe('text');
    const hint = await page.locator(`#${await until.getAttribute('id')}-hint`).innerText();
    expect(hint).toMatch(/^Type the date as dd-mm-yyyy, for example \d{2}-\d{2}-\d{4}\./);
    // The state after a choice, with the exception's fields shown, passes axe as well.
    expect(await checkAccessibility(page, 'review table with an exception chosen')).toEqual([]);
    // The closed offices' rows offer no exception at all.
    expect(
      await rowOf(page, officers.asha)
        .getByLabel(/Reason for the exception/)
        .count(),
    ).toBe(0);

    // In Hindi the names are the Hindi names, in the row headers and in the controls' names.
    await page.locator('a[hreflang="hi"]').click();
    await expectHeading(page, new RegExp(`^प्रस्ताव #${proposalId} की समीक्षा — `));
    const hindi = page.locator('#review-table');
    expect(await hindi.locator('tbody th[scope="row"]').allInnerTexts()).toEqual(
      expect.arrayContaining([officers.asha.nameHi, officers.prakash.nameHi]),
    );
    // The catalogue's words (the Hindi helper may refine them), the officer's Hindi name in the name.
    const approveHi = HI['proposals.review.rowApprove']
      .replace(/[[\]]/g, '')
      .replace('{name}', officers.asha.nameHi);
    await page.getByRole('radio', { name: approveHi, exact: true }).check();
    expect((await rowOf(page, officers.prakash).locator('.review-badge').innerText()).trim()).toBe(
      `⚠ ${HI['proposals.workflow.officeOpenFlag']}`,
    );
  });

  it('approves two ticked officers together, rejects one with a reason, and grants an exception until a dd-mm-yyyy date', async () => {
    const { proposalId, officers } = await submittedReviewProposal(app, 'B');
    const { asha, vikram, sunita, prakash } = officers;
    const page = await b.newPage();
    const title = await openReview(page, proposalId);

    // Bulk: tick two officers of closed offices, approve selected, see them on the confirm step.
    await page.getByRole('checkbox', { name: `Select ${asha.nameEn}` }).check();
    await page.getByRole('checkbox', { name: `Select ${vikram.nameEn}` }).check();
    await page.getByRole('button', { name: 'Approve selected…' }).click();
    await expectHeading(page, `Record 2 decision(s) on proposal #${proposalId}?`);
    const planned = await tableRows(page.getByRole('table', { name: 'Decisions to record' }));
    expect(planned.map((r) => [r[0], r[4]]).sort()).toEqual([
      [asha.nameEn, '✔ Approve'],
      [vikram.nameEn, '✔ Approve'],
    ]);
    expect(await decisionOf(asha)).toBe('pending');
    await page.getByRole('button', { name: 'Yes, record 2 decision(s)' }).click();
    await expectHeading(page, title);
    const approved = await statusText(page);
    expect(approved).toContain(`Approved ${asha.nameEn}. Account lucknow.uprvb1 created`);
    expect(approved).toContain(`Approved ${vikram.nameEn}. Account unnao.uprvb2 created`);
    expect(await decisionOf(asha)).toBe('approved');
    expect(await decisionOf(vikram)).toBe('approved');
    expect((await accountOf(asha))?.status).toBe('pending_activation');
    // Decided rows can no longer be ticked or decided.
    expect(await rowOf(page, asha).getByRole('checkbox').count()).toBe(0);
    expect(await rowOf(page, asha).innerText()).toContain('✔ Approved by hq.approver');

    // One rejection with a reason, in the officer's row.
    const sunitaRow = rowOf(page, sunita);
    await sunitaRow.getByRole('radio', { name: `Reject ${sunita.nameEn}` }).check();
    await sunitaRow
      .getByLabel(`Reason for rejecting ${sunita.nameEn} (shown to the proposer)`)
      .fill('Transferred to the SIB wing');
    await page.getByRole('button', { name: CONTINUE }).click();
    await expectHeading(page, `Record 1 decision(s) on proposal #${proposalId}?`);
    const [rejected] = await tableRows(page.getByRole('table', { name: 'Decisions to record' }));
    expect(rejected?.slice(4)).toEqual(['✖ Reject', 'Reason: Transferred to the SIB wing']);
    await page.getByRole('button', { name: 'Yes, record 1 decision(s)' }).click();
    await expectHeading(page, title);
    expect(await statusText(page)).toContain(`Rejected ${sunita.nameEn}. The proposer will see the reason.`);
    expect(await decisionOf(sunita)).toBe('rejected');

    // The exception for the officer of the open office: a wrong date is refused beside the field.
    const prakashRow = rowOf(page, prakash);
    await prakashRow.getByRole('radio', { name: `Approve as an exception ${prakash.nameEn}` }).check();
    await prakashRow
      .getByLabel(`Reason for the exception for ${prakash.nameEn}`)
      .fill('Court case work, order 12/2026');
    const until = prakashRow.getByLabel(`Access valid until for ${prakash.nameEn} (optional)`);
    await until.fill('31-02-2027');
    await loadsNewPage(page, () => page.getByRole('button', { name: CONTINUE }).click());
    await expectHeading(page, title);
    const untilAgain = rowOf(page, prakash).getByLabel(`Access valid until for ${prakash.nameEn} (optional)`);
    const fieldId = (await untilAgain.getAttribute('id')) ?? '';
    const beside = page.locator(`#${fieldId}-error`);
    expect(await beside.innerText()).toMatch(
      /Enter the end date as dd-mm-yyyy, for example \d{2}-\d{2}-\d{4}\./,
    );
    expect(await untilAgain.getAttribute('aria-invalid')).toBe('true');
    expect(await untilAgain.getAttribute('aria-describedby')).toContain(`${fieldId}-error`);
    // Beside the field: the message sits in the same cell, right above the box.
    expect(await beside.evaluate((el, id) => el.nextElementSibling?.id === id, fieldId)).toBe(true);
    expect(await page.locator('#error-summary').innerText()).toContain('Enter the end date as dd-mm-yyyy');
    // What was typed is kept, the exception's fields stay shown, and nothing changed.
    expect(await untilAgain.inputValue()).toBe('31-02-2027');
    expect(
      await rowOf(page, prakash).getByLabel(`Reason for the exception for ${prakash.nameEn}`).inputValue(),
    ).toBe('Court case work, order 12/2026');
    expect(await untilAgain.isVisible()).toBe(true);
    expect(await decisionOf(prakash)).toBe('pending');
    expect(await accountOf(prakash)).toBeUndefined();

    // A right date, typed as dd-mm-yyyy: shown so on the confirm step, stored as the end of that day in India.
    const day = addDays(indiaDay(app.clock.now()), 45);
    await untilAgain.fill(dayText(day));
    await page.getByRole('button', { name: CONTINUE }).click();
    await expectHeading(page, `Record 1 decision(s) on proposal #${proposalId}?`);
    const [exception] = await tableRows(page.getByRole('table', { name: 'Decisions to record' }));
    expect(exception?.[3]).toBe('⚠ Office open');
    expect(exception?.[5]).toBe(
      `⚠ Exception, the district office is open: Court case work, order 12/2026\nAccess valid until ${dayText(day)}.`,
    );
    await page.getByRole('button', { name: 'Yes, record 1 decision(s)' }).click();
    await expectHeading(page, title);
    const last = await statusText(page);
    expect(last).toContain(`Approved ${prakash.nameEn}. Account hardoi.uprvb4 created`);
    expect(last).toContain('Every officer is now decided');
    expect(await accountOf(prakash)).toEqual({
      status: 'pending_activation',
      valid_until: indiaTime(addDays(day, 1)),
    });
  });

  it('works without JavaScript: every field shows, the server reads only the decision taken', async () => {
    const { proposalId, officers } = await submittedReviewProposal(app, 'C');
    const page = await b.newPage({ javaScriptEnabled: false });
    const title = await openReview(page, proposalId);
    const row = rowOf(page, officers.prakash);
    const name = officers.prakash.nameEn;
    expect(await row.getByLabel(`Reason for rejecting ${name} (shown to the proposer)`).isVisible()).toBe(
      true,
    );
    expect(await row.getByLabel(`Reason for the exception for ${name}`).isVisible()).toBe(true);

    // Nothing chosen: said so by the buttons, nothing recorded.
    await page.getByRole('button', { name: CONTINUE }).click();
    await expectHeading(page, title);
    expect(await page.locator('#review-actions-error').innerText()).toContain(
      'Choose a decision in at least one officer’s row',
    );
    // Ticked officers rejected without the one reason: the reason is asked for beside its field.
    await page.getByRole('checkbox', { name: `Select ${officers.asha.nameEn}` }).check();
    await page.getByRole('button', { name: 'Reject selected with this reason…' }).click();
    await expectHeading(page, title);
    expect(await page.locator('#bulkReason-error').innerText()).toContain(
      'Enter the reason for rejecting the selected officers',
    );
    // The tick is kept; with the reason it goes to the confirm step, which can go back to change it.
    await page
      .getByLabel('Reason for rejecting the selected officers (shown to the proposer)')
      .fill('Retired');
    await page.getByRole('button', { name: 'Reject selected with this reason…' }).click();
    await expectHeading(page, `Record 1 decision(s) on proposal #${proposalId}?`);
    await page.getByRole('button', { name: 'Go back and change' }).click();
    await expectHeading(page, title);
    const asha = rowOf(page, officers.asha);
    expect(await asha.getByRole('radio', { name: `Reject ${officers.asha.nameEn}` }).isChecked()).toBe(true);
    expect(
      await asha
        .getByLabel(`Reason for rejecting ${officers.asha.nameEn} (shown to the proposer)`)
        .inputValue(),
    ).toBe('Retired');
    expect(await decisionOf(officers.asha)).toBe('pending');
  });
});

/** WCAG contrast ratio of two computed CSS colours (`rgb(r, g, b)`). */
function contrast(a: string, b: string): number {
  const luminance = (css: string): number => {
    const [r = 0, g = 0, bl = 0] = (css.match(/\d+(\.\d+)?/g) ?? []).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
}
