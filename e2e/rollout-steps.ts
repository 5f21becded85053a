import { join } from 'node:path';
import * as OTPAuth from 'otpauth';
import type { Locator, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { DEMO_ACCOUNTS } from '../src/demo/seed.ts';
import type { CaughtMail, DevSmtp } from '../src/mail/dev-smtp.ts';
import type { TestApp } from '../test/create-test-app.ts';
import { expectHeading, loadsNewPage, type Credentials } from './steps.ts';

/** Steps of the rollout (proposal → HQ decision → mail → activation), shared by the rollout specs. */

export const FIXTURES_DIR = join(import.meta.dirname, 'fixtures');
export const BAD_CSV = join(FIXTURES_DIR, 'officers-bad.csv');
export const GOOD_CSV = join(FIXTURES_DIR, 'officers-good.csv');

export const HQ_APPROVER: Credentials = DEMO_ACCOUNTS.hqApprover;
export const ZONAL_HEAD_EMAIL = 'zonal.lucknow@ctd.up.example';
export const JOINT_COMMISSIONER_EMAIL = 'jc.lucknow@ctd.up.example';

export interface NewOfficer {
  readonly employeeNo: string;
  readonly nameEn: string;
  readonly nameHi: string;
  readonly email: string;
  /** What the default scheme `{district}.{employee_no}` makes of the officer. */
  readonly userId: string;
}

/** The officers of `officers-good.csv`, in file order (lines 2–6). */
export const NEW_OFFICERS = {
  meera: {
    employeeNo: 'UPCT90001',
    nameEn: 'Meera Srivastava',
    nameHi: 'मीरा श्रीवास्तव',
    email: 'meera.srivastava@ctd.up.example',
    userId: 'lucknow.upct90001',
  },
  anil: {
    employeeNo: 'UPCT90002',
    nameEn: 'Anil Kumar Verma',
    nameHi: 'अनिल कुमार वर्मा',
    email: 'anil.verma@ctd.up.example',
    userId: 'lucknow.upct90002',
  },
  rakesh: {
    employeeNo: 'UPCT90003',
    nameEn: 'Rakesh Yadav',
    nameHi: 'राकेश यादव',
    email: 'rakesh.yadav@ctd.up.example',
    userId: 'unnao.upct90003',
  },
  nidhi: {
    employeeNo: 'UPCT90004',
    nameEn: 'Nidhi Awasthi',
    nameHi: 'निधि अवस्थी',
    email: 'nidhi.awasthi@ctd.up.example',
    userId: 'unnao.upct90004',
  },
  /** Hardoi, whose office is open: HQ rejects her. */
  kavita: {
    employeeNo: 'UPCT90005',
    nameEn: 'Kavita Shukla',
    nameHi: 'कविता शुक्ला',
    email: 'kavita.shukla@ctd.up.example',
    userId: 'hardoi.upct90005',
  },
} as const satisfies Record<string, NewOfficer>;

export const ACTIVATION_SUBJECT =
  'द्वार: आपकी यूज़र आईडी एवं सक्रियण लिंक / Dwaar: your user ID and activation link';
export const GUIDE_SUBJECT =
  'द्वार: घर से कार्य करने वाले अधिकारियों हेतु उपयोगकर्ता मार्गदर्शिका / Dwaar: user guide for officers working from home';
export const CONFIDENTIALITY_TITLE = 'Confidentiality of credentials and data (section 133)';

/** A table's body rows as lists of cell texts (header cells of a row included). */
export async function tableRows(table: Locator): Promise<string[][]> {
  return table
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td'), (cell) => (cell as HTMLElement).innerText.trim()),
      ),
    );
}

/** The polite status message of the page (`role="status"` in the main landmark). */
export async function statusText(page: Page): Promise<string> {
  return (await page.locator('main [role="status"]').first().innerText()).trim();
}

/**
 * Chooses `file` in the import page's file chooser (which the page's script reads into the form) and
 * presses "Check the file"; waits for the preview.
 */
export async function checkCsvFile(page: Page, file: string): Promise<void> {
  await expectHeading(page, 'Import officers from a CSV file');
  const chooser = page.getByLabel('CSV file', { exact: true });
  // The chooser is hidden until import.js has started: its being visible proves the script runs.
  await chooser.waitFor({ state: 'visible' });
  await chooser.setInputFiles(file);
  expect(await page.getByLabel('Or paste the CSV text').inputValue()).toBe('');
  await page.getByRole('button', { name: 'Check the file (nothing is imported yet)' }).click();
  await expectHeading(page, 'Check the import');
}

export type Decision = { readonly approve: true } | { readonly approve: false; readonly reason: string };

/** The review table's row of one officer (its row header is the officer's name). */
export function officerSection(page: Page, officer: NewOfficer): Locator {
  return page.locator('#review-table tbody tr').filter({ hasText: officer.employeeNo });
}

/**
 * Decides one officer on HQ's review page: picks Approve or Reject (with the reason) in the officer's row,
 * continues to the confirm step, checks what it says, confirms, and returns the notice shown back on the
 * review page.
 */
export async function decideOfficer(
  page: Page,
  reviewTitle: string,
  officer: NewOfficer,
  decision: Decision,
): Promise<string> {
  const row = officerSection(page, officer);
  if (decision.approve) {
    await row.getByLabel(`Approve ${officer.nameEn}`, { exact: true }).check();
  } else {
    await row.getByLabel(`Reject ${officer.nameEn}`, { exact: true }).check();
    await row
      .getByLabel(`Reason for rejecting ${officer.nameEn} (shown to the proposer)`)
      .fill(decision.reason);
  }
  await page.getByRole('button', { name: 'Continue with the decisions chosen in the rows…' }).click();
  const id = /Review proposal #(\d+)/.exec(reviewTitle)?.[1] ?? '';
  await expectHeading(page, `Record 1 decision(s) on proposal #${id}?`);
  const planned = page.getByRole('table', { name: 'Decisions to record' });
  const [cells] = await tableRows(planned);
  expect(cells?.slice(0, 2)).toEqual([officer.nameEn, officer.employeeNo]);
  if (decision.approve) {
    expect(await page.locator('main').innerText()).toContain(
      'a one-time activation link at their registered e-mail',
    );
    expect(cells?.[4]).toBe('✔ Approve');
  } else {
    expect(cells?.[4]).toBe('✖ Reject');
    expect(cells?.[5]).toBe(`Reason: ${decision.reason}`);
  }
  await page.getByRole('button', { name: 'Yes, record 1 decision(s)' }).click();
  await expectHeading(page, reviewTitle);
  return statusText(page);
}

/** Waits until the SMTP server has caught at least `count` messages; returns them all, newest first. */
export async function waitForMails(smtp: DevSmtp, count: number, timeoutMs = 15_000): Promise<CaughtMail[]> {
  return vi.waitFor(
    () => {
      const caught = smtp.messages();
      if (caught.length < count) {
        throw new Error(`${caught.length} of ${count} mails caught: ${caught.map((m) => m.to).join(', ')}`);
      }
      return caught;
    },
    { timeout: timeoutMs, interval: 100 },
  );
}

/** The caught messages to `address`, newest first. */
export function mailsTo(caught: readonly CaughtMail[], address: string): CaughtMail[] {
  return caught.filter((m) => m.to.includes(address));
}

/** The activation link in a mail's text part, checked to point at this gateway. */
export function activationLinkIn(mail: CaughtMail, portalOrigin: string): string {
  const match = /(https?:\/\/\S+\/activate\?token=[A-Za-z0-9_%-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no activation link in the mail to ${mail.to}`);
  expect(match[1].startsWith(`${portalOrigin}/activate?token=`)).toBe(true);
  return match[1];
}

/** The raw token of an activation link. */
export function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token') ?? '';
}

/** The code an authenticator app shows for `secret` (as displayed, spaces allowed) at `timestamp`. */
export function totpCode(secret: string, timestamp: number): string {
  const totp = new OTPAuth.TOTP({
    secret: OTPAuth.Secret.fromBase32(secret.replace(/\s/g, '')),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  });
  return totp.generate({ timestamp });
}

/**
 * Opens an activation link as the officer does: the link's page changes nothing (a mail scanner may have
 * fetched it already) until the officer presses its button (issue 8 item 1).
 */
export async function openActivationLink(page: Page, link: string): Promise<void> {
  await page.goto(link);
  await expectHeading(page, 'Account activation');
  await page.getByRole('button', { name: /^(Start|Continue) activation$/ }).click();
}

export interface Activated {
  /** The setup key as the page showed it (grouped). */
  readonly totpSecret: string;
  readonly recoveryCodes: readonly string[];
}

/**
 * Follows an activation link to the end: confidentiality → password (a common one first, refused) →
 * authenticator app (the code computed from the key on the page, at the gateway's clock) → recovery codes.
 */
export async function activateAccount(
  page: Page,
  app: TestApp,
  o: { link: string; userId: string; password: string; refusedPassword?: string },
): Promise<Activated> {
  await openActivationLink(page, o.link);
  await expectHeading(page, CONFIDENTIALITY_TITLE);
  expect(new URL(page.url()).pathname).toBe('/activate/confidentiality');
  const main = page.locator('main');
  expect(await main.innerText()).toContain(`Your user ID: ${o.userId}`);
  expect(await page.locator('#confidentiality-text').innerText()).toContain(
    'Section 133 of the Uttar Pradesh Goods and Services Tax Act',
  );
  await page.getByLabel('I have read and accept this undertaking').check();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  await expectHeading(page, 'Password');
  expect(await page.getByLabel('User ID', { exact: true }).inputValue()).toBe(o.userId);
  if (o.refusedPassword !== undefined) {
    const refused = o.refusedPassword;
    await page.getByLabel('New password', { exact: true }).fill(refused);
    await page.getByLabel('Confirm new password', { exact: true }).fill(refused);
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Continue', exact: true }).click());
    await expectHeading(page, 'Password');
    expect(await page.locator('#error-summary').innerText()).toContain(
      'This password is too common and easy to guess. Choose another.',
    );
    // The refused password is not written back into the form.
    expect(await page.getByLabel('New password', { exact: true }).inputValue()).toBe('');
  }
  await page.getByLabel('New password', { exact: true }).fill(o.password);
  await page.getByLabel('Confirm new password', { exact: true }).fill(o.password);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  await expectHeading(page, 'Authenticator app');
  const qr = page.getByRole('img', { name: /QR code that adds Dwaar/ });
  expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  const totpSecret = (await page.locator('#totp-secret').innerText()).trim();
  expect(totpSecret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
  await page
    .getByLabel('Then enter the six-digit code the app shows now.')
    .fill(totpCode(totpSecret, app.clock.now()));
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  await expectHeading(page, 'Recovery codes');
  const recoveryCodes = (await page.locator('ol.recovery-codes li').allInnerTexts()).map((c) => c.trim());
  expect(recoveryCodes).toHaveLength(10);
  expect(new Set(recoveryCodes).size).toBe(10);
  await page.getByLabel('I have saved these codes').check();
  await page.getByRole('button', { name: 'Finish activation' }).click();
  await expectHeading(page, 'Your account is active');
  return { totpSecret, recoveryCodes };
}
