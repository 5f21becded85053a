import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  dayText,
  formatDateTime,
  formatLongDate,
  indiaDay,
  indiaTime,
  weekday,
  type Day,
} from '../src/i18n/index.ts';
import { startDevSmtp, type DevSmtp } from '../src/mail/dev-smtp.ts';
import { startMailWorker, type MailWorker } from '../src/mail/worker.ts';
import { provisionPendingOfficer } from '../test/factories/activation.ts';
import { createTestApp, type TestApp } from '../test/create-test-app.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import { ACTIVATION_SUBJECT, mailsTo, waitForMails } from './rollout-steps.ts';
import { consoleSignIn, expectHeading, expectMainText, HQ_ADMIN, loadsNewPage } from './steps.ts';

const DAY_MS = 86_400_000;
const ACCESS_ENDING_SUBJECT = 'Dwaar: your district office has reopened — remote access is ending';

/**
 * The test's own reading of the rule (src/directory/working-day.test.ts covers its corners): 18:00 India
 * time on the third working day after the day HQ records the order, Sundays and second and fourth
 * Saturdays not counted.
 */
function expectedEnd(recordedAt: number): number {
  let day: Day = indiaDay(recordedAt);
  for (let counted = 0; counted < 3;) {
    day = addDays(day, 1);
    const saturday = weekday(day) === 6 ? Math.ceil(day.day / 7) : 0;
    if (weekday(day) !== 0 && saturday !== 2 && saturday !== 4) counted++;
  }
  return indiaTime(day, 18, 0);
}

describe.skipIf(!TEST_CHROMIUM)('HQ reopens a district office', () => {
  const b = useBrowser();
  let app: TestApp;
  let smtp: DevSmtp;
  let worker: MailWorker;
  /** The officer already working from home, and one approved minutes ago who has not activated. */
  let active: { email: string };
  let pending: { userId: string; email: string };

  beforeAll(async () => {
    smtp = await startDevSmtp({ port: 0 });
    app = await createTestApp({ env: { DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } });
    worker = startMailWorker(app.deps, { pollMs: 200 });
    const db = app.deps.store.db;
    active = await db
      .selectFrom('accounts as a')
      .innerJoin('officers as o', 'o.id', 'a.officer_id')
      .select('o.email')
      .where('a.user_id', '=', 'officer1')
      .executeTakeFirstOrThrow();
    pending = await provisionPendingOfficer(app.deps, 'lucknow');
    const [activation] = mailsTo(await waitForMails(smtp, 1), pending.email);
    expect(activation?.subject).toBe(ACTIVATION_SUBJECT);
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await smtp?.close();
  });

  it('with a dd-mm-yyyy order date: HQ sees when access ends, and the officers’ mails say the same time', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, HQ_ADMIN);
    const nav = page.getByRole('navigation', { name: 'Administrators’ console' });
    await nav.getByRole('link', { name: 'District offices' }).click();
    await expectHeading(page, 'District offices');
    await page.getByRole('link', { name: 'Change status of Lucknow' }).click();
    await expectHeading(page, 'Change office status: Lucknow');

    const dateBox = page.getByLabel('Order date', { exact: true });
    expect(await page.locator('#orderDate-hint').innerText()).toBe(
      'Write it as dd-mm-yyyy, for example 28-11-2026. It cannot be in the future.',
    );
    await page.getByRole('radio', { name: 'Open' }).check();
    await page.getByLabel('Order number', { exact: true }).fill('4411/CT/2026');
    await page.getByLabel('Reason', { exact: true }).fill('Office reopened after repairs');

    // A date written year first with slashes is not one of the accepted forms: the error sits by the box.
    await dateBox.fill('2026/12/01');
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Review the change' }).click());
    await expectHeading(page, 'Change office status: Lucknow');
    const error = 'Enter the order date as dd-mm-yyyy, for example 28-11-2026.';
    expect(await page.locator('#orderDate-error').innerText()).toBe(error);
    expect(await dateBox.getAttribute('aria-describedby')).toBe('orderDate-hint orderDate-error');
    expect(await dateBox.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-summary').innerText()).toContain(error);

    // Yesterday's order, as the department writes it.
    const orderDay = indiaDay(app.clock.now() - DAY_MS);
    await dateBox.fill(dayText(orderDay).replace(/-/g, '/'));
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Review the change' }).click());
    await expectHeading(page, 'Confirm the change: Lucknow');

    const endsAt = expectedEnd(app.clock.now());
    const shown = formatDateTime('en', endsAt);
    expect(shown).toMatch(/^\d{2}-\d{2}-\d{4}, 18:00$/);
    await expectMainText(page, dayText(orderDay));
    await expectMainText(
      page,
      `Remote access of 2 officer accounts in this district will end on ${shown} (India time), the close of that working day.`,
    );
    await expectMainText(
      page,
      '1 of these officers have not activated their account yet: they get no notice',
    );
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Confirm and record' }).click());
    await expectHeading(page, 'Lucknow district office');
    await expectMainText(page, 'Recorded: the Lucknow office is now Open.');
    await expectMainText(page, `Remote access of 2 officer accounts in this district ends on ${shown}.`);
    await expectMainText(page, `No. 4411/CT/2026, dated ${dayText(orderDay)}`);

    // The officer who works from home is told the same moment, in both languages.
    const caught = await waitForMails(smtp, 2);
    const [notice] = mailsTo(caught, active.email);
    expect(notice?.subject).toContain(ACCESS_ENDING_SUBJECT);
    expect(notice?.text).toContain(`ends on ${formatLongDate('en', endsAt, true)} India time`);
    expect(notice?.text).toContain(formatLongDate('hi', endsAt, true));
    expect(formatLongDate('en', endsAt, true)).toContain('at 18:00');

    // The officer approved minutes ago, who has not activated, keeps only the activation mail.
    const queued = await app.deps.store.db
      .selectFrom('mail_outbox')
      .select(['to_address', 'kind'])
      .where('kind', '=', 'access_ending')
      .execute();
    expect(queued.map((m) => m.to_address)).toEqual([active.email]);
    expect(mailsTo(smtp.messages(), pending.email).map((m) => m.subject)).toEqual([ACTIVATION_SUBJECT]);
    const account = await app.deps.store.db
      .selectFrom('accounts')
      .select(['status', 'access_ends_at'])
      .where('user_id', '=', pending.userId)
      .executeTakeFirstOrThrow();
    expect(account).toEqual({ status: 'pending_activation', access_ends_at: endsAt });
  });
});
