import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../src/demo/seed.ts';
import { en as HELPDESK } from '../src/i18n/messages/helpdesk.ts';
import { en as HELP } from '../src/i18n/messages/self-help.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import type { TestApp } from '../test/create-test-app.ts';
import { checkAccessibility, useBrowser } from './browser.ts';
import {
  consoleSignIn,
  expectHeading,
  expectMainText,
  OFFICER,
  openLanding,
  signInToWebtop,
  submitLogin,
  useTestApp,
  walkToLogin,
} from './steps.ts';

const SI = DEMO_ACCOUNTS.systemIntegrator;
const WRONG = { userId: OFFICER.userId, password: 'Wrong@Password1' };

/** The newest mail queued for `to` whose subject matches, opened as the officer would read it. */
async function mailTo(app: TestApp, to: string, subject: RegExp): Promise<{ subject: string; text: string }> {
  const rows = await app.deps.store.db
    .selectFrom('mail_outbox')
    .select(['subject', 'body_sealed'])
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .execute();
  const row = rows.find((r) => subject.test(r.subject));
  if (!row?.body_sealed) throw new Error(`no mail to ${to} matching ${String(subject)}`);
  const body = JSON.parse(app.deps.keyring.open('mail-encryption', row.body_sealed)) as { text: string };
  return { subject: row.subject, text: body.text };
}

/** The officer's registered address: the directory's, which the zonal office gave. */
async function emailOf(app: TestApp, userId: string): Promise<string> {
  const row = await app.deps.store.db
    .selectFrom('accounts as a')
    .innerJoin('officers as o', 'o.id', 'a.officer_id')
    .select('o.email')
    .where('a.user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return row.email;
}

/** Five wrong passwords: the account locks. */
async function lockOut(page: Page, app: TestApp): Promise<void> {
  await openLanding(page, `${app.portalOrigin}/`);
  await walkToLogin(page);
  for (let i = 0; i < 5; i++) await submitLogin(page, WRONG);
  const account = await app.deps.store.db
    .selectFrom('accounts')
    .select('status')
    .where('user_id', '=', OFFICER.userId)
    .executeTakeFirstOrThrow();
  expect(account.status).toBe('locked');
}

describe.skipIf(!TEST_CHROMIUM)('an officer who cannot get in', () => {
  const b = useBrowser();
  const app = useTestApp({ upstream: 'boweb' });

  it('finds out why, raises a ticket; the SI unlocks with a reason; the officer signs in; the ticket is resolved and mailed', async () => {
    const officer = await b.newPage();
    const address = await emailOf(app, OFFICER.userId);
    await lockOut(officer, app);

    // Help, from the sign-in page itself: who the SI is, then why, after identifying by a mailed code.
    await officer.getByRole('link', { name: HELP['selfHelp.helpLink'] }).first().click();
    await officer.getByLabel(HELP['selfHelp.districtLabel']).selectOption('lucknow');
    await officer.getByRole('button', { name: HELP['selfHelp.districtShow'] }).click();
    await expectMainText(officer, 'Ravi Shankar');
    expect(await checkAccessibility(officer, 'help page')).toEqual([]);
    await officer.getByRole('link', { name: HELP['selfHelp.whyTitle'] }).first().click();
    await officer.getByLabel(HELP['selfHelp.userIdLabel']).fill(OFFICER.userId);
    await officer.getByRole('button', { name: HELP['selfHelp.sendCode'] }).click();
    const codeMail = await mailTo(app, address, /./);
    const code = /\b(\d{6})\b/.exec(codeMail.text)?.[1] ?? '';
    await officer.getByLabel(HELP['selfHelp.codeLabel']).fill(code);
    await officer.getByRole('button', { name: HELP['selfHelp.verify'] }).click();
    await expectHeading(officer, HELP['selfHelp.diagnoseTitle']);
    await expectMainText(officer, 'Your account is locked until');
    await expectMainText(officer, 'ask your SI to unlock it');
    expect(await checkAccessibility(officer, 'diagnosis of a locked account')).toEqual([]);

    await officer.goto(`${app.portalOrigin}/help/tickets/new`);
    await officer.getByLabel(HELP['selfHelp.categoryLabel']).selectOption('cannot_log_in');
    await officer.getByLabel(HELP['selfHelp.descriptionLabel']).fill('I typed an old password five times.');
    await officer.getByRole('button', { name: HELP['selfHelp.submitTicket'] }).click();
    await expectMainText(officer, 'has been raised. We have mailed you its number.');
    const number = /T-\d{4}-\d{6}/.exec(await officer.locator('main').innerText())?.[0] ?? '';
    expect(number).not.toBe('');
    expect((await mailTo(app, address, new RegExp(number))).subject).toContain(number);

    // The SI of Lucknow finds it in the location's queue and unlocks the account, with a reason.
    const si = await b.newPage();
    await consoleSignIn(si, app, SI);
    await si.getByRole('link', { name: HELPDESK['helpdesk.nav'], exact: true }).click();
    await si.getByRole('link', { name: number }).click();
    await expectMainText(si, 'Your account is locked until');
    expect(await checkAccessibility(si, 'the ticket in the SI console')).toEqual([]);
    const unlock = si.locator('form', {
      has: si.getByRole('heading', { name: HELPDESK['helpdesk.unlockHeading'] }),
    });
    await unlock
      .getByLabel(HELPDESK['helpdesk.reasonRequired'])
      .fill('Officer called; identity checked by phone.');
    await unlock.getByRole('button', { name: HELPDESK['helpdesk.unlockButton'] }).click();

    // The officer signs in.
    await signInToWebtop(officer, app.portalOrigin);

    // The SI resolves the ticket with a public reply; the officer is mailed.
    await si.getByLabel(HELPDESK['helpdesk.statusNew']).selectOption('resolved');
    await si.getByRole('button', { name: HELPDESK['helpdesk.statusSave'] }).click();
    const ticket = await app.deps.store.db
      .selectFrom('tickets')
      .select(['status', 'first_response_at'])
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    expect(ticket.status).toBe('resolved');
    const resolved = await mailTo(app, address, new RegExp(`\\[${number}\\] Your ticket is now: Resolved`));
    expect(resolved.text).toContain(number);
    const actions = await app.deps.store.db
      .selectFrom('audit_events')
      .select(['type', 'actor'])
      .where('type', 'in', ['account.unlocked', 'ticket.action'])
      .execute();
    expect(actions).toEqual(
      expect.arrayContaining([
        { type: 'account.unlocked', actor: SI.userId },
        { type: 'ticket.action', actor: SI.userId },
      ]),
    );
  });
});
