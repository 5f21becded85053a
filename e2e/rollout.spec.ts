import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevSmtp, type CaughtMail, type DevSmtp } from '../src/mail/dev-smtp.ts';
import { startMailWorker, type MailWorker } from '../src/mail/worker.ts';
import { createTestApp, type TestApp } from '../test/create-test-app.ts';
import { TEST_CHROMIUM } from '../test/test-env.ts';
import { useBrowser } from './browser.ts';
import {
  activateAccount,
  activationLinkIn,
  ACTIVATION_SUBJECT,
  BAD_CSV,
  checkCsvFile,
  decideOfficer,
  GOOD_CSV,
  officerSection,
  GUIDE_SUBJECT,
  HQ_APPROVER,
  JOINT_COMMISSIONER_EMAIL,
  mailsTo,
  NEW_OFFICERS,
  openActivationLink,
  statusText,
  tableRows,
  tokenOf,
  totpCode,
  waitForMails,
  ZONAL_HEAD_EMAIL,
  type NewOfficer,
} from './rollout-steps.ts';
import {
  consoleSignIn,
  expectHeading,
  expectMainText,
  loadsNewPage,
  logIntoBoweb,
  openBowebFromWebtop,
  vouchedBanner,
  walkToLogin,
  submitLogin,
  UI,
  ZONAL_HEAD,
} from './steps.ts';

const { meera, anil, rakesh, nidhi, kavita } = NEW_OFFICERS;
const APPROVED: readonly NewOfficer[] = [meera, anil, rakesh, nidhi];
const REJECTION_REASON = 'Hardoi office is open (order 17/2026); she works from the office';
/** Long, uncommon, and free of the user ID and the officer's name, as the policy asks. */
const NEW_PASSWORD = 'saffron kite ledger 2047';
/** 4 activation mails, the proposer's decision mail, the guide to the zonal head and to the JC. */
const ROLLOUT_MAILS = APPROVED.length + 3;

describe.skipIf(!TEST_CHROMIUM)('The rollout, from the zonal head’s CSV to the officer’s first login', () => {
  const b = useBrowser();
  let app: TestApp;
  let smtp: DevSmtp;
  let worker: MailWorker;
  /** What the earlier steps leave for the later ones. */
  const state: { proposalId?: number; mails?: CaughtMail[] } = {};

  const proposalId = (): number => {
    if (state.proposalId === undefined) throw new Error('needs the proposal of the first test');
    return state.proposalId;
  };
  const rolloutMails = (): CaughtMail[] => {
    if (!state.mails) throw new Error('needs the mails of the third test');
    return state.mails;
  };
  const linkFor = (officer: NewOfficer): string => {
    const [mail] = mailsTo(rolloutMails(), officer.email);
    if (!mail) throw new Error(`no mail to ${officer.email}`);
    return activationLinkIn(mail, app.portalOrigin);
  };
  const accountOf = (userId: string) =>
    app.deps.store.db
      .selectFrom('accounts')
      .select(['id', 'status', 'password_hash', 'totp_secret_enc'])
      .where('user_id', '=', userId)
      .executeTakeFirst();

  beforeAll(async () => {
    smtp = await startDevSmtp({ port: 0 });
    app = await createTestApp({
      upstream: 'boweb',
      env: { DWAAR_SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
    });
    worker = startMailWorker(app.deps, { pollMs: 200 });
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await smtp?.close();
  });

  it('lets the zonal head import officers from a CSV file: bad rows first, then the corrected file', async () => {
    // The fixtures are what a spreadsheet saves: UTF-8 with a BOM, CRLF line ends.
    const raw = await readFile(BAD_CSV);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(raw.toString('utf8')).toContain('\r\n');

    const page = await b.newPage();
    await consoleSignIn(page, app, ZONAL_HEAD);
    await page.getByRole('link', { name: 'Proposals', exact: true }).click();
    await expectHeading(page, 'Proposals');
    await page.getByRole('link', { name: 'Import officers from a CSV file instead' }).click();
    await expectMainText(page, 'Zone: Lucknow');

    await checkCsvFile(page, BAD_CSV);
    expect(await statusText(page)).toContain('4 rows rejected');
    expect(await statusText(page)).toContain('7 rows: 3 valid, 4 rejected.');
    await expectMainText(page, 'Nothing is imported while any row is rejected.');
    const problems = await tableRows(page.locator('#problems table'));
    const byLine = (line: string) => problems.filter((cells) => cells[0] === line);
    expect(problems.map((cells) => cells[0])).toEqual(['4', '5', '7', '8']);
    // Line 7 repeats line 2's employee number: only the repeat is rejected, naming the first.
    expect(byLine('7')[0]?.slice(0, 3)).toEqual(['7', 'employee_no', 'UPCT90001']);
    expect(byLine('7')[0]?.[3]).toContain('This employee number is already on line 2');
    expect(byLine('7')[0]?.[3]).toContain('यह कर्मचारी संख्या पंक्ति 2 पर पहले से है');
    expect(byLine('7')[0]?.[4]).toContain('Remove this row');
    expect(byLine('4')[0]?.slice(0, 3)).toEqual(['4', 'district', 'Unnav']);
    expect(byLine('4')[0]?.[3]).toContain('This district is not known.');
    expect(byLine('4')[0]?.[4]).toContain('Use the district’s ID, English or Hindi name');
    expect(byLine('4')[0]?.[4]).toContain('जनपद की आईडी, अंग्रेज़ी या हिन्दी नाम लिखें');
    expect(byLine('5')[0]?.slice(0, 3)).toEqual(['5', 'email', 'nidhi.awasthi.ctd.up.example']);
    expect(byLine('5')[0]?.[3]).toContain('This is not a valid e-mail address.');
    expect(byLine('5')[0]?.[4]).toContain('Enter the officer’s official e-mail');
    expect(byLine('8')[0]?.slice(0, 3)).toEqual(['8', 'district', 'Kanpur Nagar']);
    expect(byLine('8')[0]?.[3]).toContain('This district is not in Lucknow zone.');
    expect(byLine('8')[0]?.[4]).toContain('Propose only officers posted in your zone’s districts');
    // The quoted name with a comma and the Devanagari names came through the file intact.
    const valid = await tableRows(page.locator('#valid-rows table'));
    expect(valid.map((cells) => cells.slice(0, 3))).toEqual([
      ['2', meera.employeeNo, `${meera.nameEn}\n${meera.nameHi}`],
      ['3', anil.employeeNo, `${anil.nameEn}\n${anil.nameHi}`],
      ['6', kavita.employeeNo, `${kavita.nameEn}\n${kavita.nameHi}`],
    ]);
    // Rank, wing, district and zone by name, not by ID.
    expect(valid[0]?.slice(3, 7)).toEqual(['Deputy Commissioner', 'Adjudication', 'Lucknow', 'Lucknow']);
    const db = app.deps.store.db;
    const imported = () =>
      db.selectFrom('officers').select('employee_no').where('employee_no', 'like', 'UPCT9%').execute();
    expect(await imported()).toEqual([]);
    expect(await db.selectFrom('proposals').select('id').execute()).toEqual([]);

    await page.getByRole('link', { name: 'Upload a corrected file' }).click();
    await checkCsvFile(page, GOOD_CSV);
    expect(await statusText(page)).toContain('All 5 rows are valid.');
    expect(await page.locator('#problems').count()).toBe(0);
    // Hardoi's office is open: noted, not rejected.
    const notes = await tableRows(page.locator('#notes table'));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.[0]).toBe('6');
    expect(notes[0]?.[3]).toContain('The office in Hardoi is open');
    expect(await imported()).toEqual([]);

    await page.getByRole('button', { name: 'Create a draft proposal with 5 officers' }).click();
    await page.waitForURL(/\/console\/proposals\/\d+$/);
    const id = Number(/\/console\/proposals\/(\d+)$/.exec(page.url())?.[1]);
    await expectHeading(page, `Proposal #${id} — Lucknow zone`);
    const items = await tableRows(page.getByRole('table', { name: `Officers on proposal #${id}` }));
    expect(items.map((cells) => cells.find((c) => /^UPCT/.test(c))).sort()).toEqual(
      [meera, anil, rakesh, nidhi, kavita].map((o) => o.employeeNo),
    );
    expect((await imported()).map((r) => r.employee_no).sort()).toEqual([
      'UPCT90001',
      'UPCT90002',
      'UPCT90003',
      'UPCT90004',
      'UPCT90005',
    ]);

    await page.getByRole('button', { name: 'Submit to HQ…' }).click();
    await expectHeading(page, `Submit proposal #${id} to HQ?`);
    await expectMainText(page, '5 officers of Lucknow zone will be sent to HQ for review.');
    await expectMainText(page, '1 of them work in districts whose office is open');
    await page.getByRole('button', { name: 'Yes, submit to HQ' }).click();
    await expectHeading(page, `Proposal #${id} — Lucknow zone`);
    expect(await statusText(page)).toBe('Proposal submitted to HQ with 5 officers.');
    const proposal = await db
      .selectFrom('proposals')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(proposal?.status).toBe('submitted');
    state.proposalId = id;
  });

  it('lets an HQ administrator approve four officers and reject one with a reason', async () => {
    const id = proposalId();
    const page = await b.newPage();
    await consoleSignIn(page, app, HQ_APPROVER);
    await page.getByRole('link', { name: 'HQ review', exact: true }).click();
    await expectHeading(page, 'HQ review');
    await page.getByRole('link', { name: `Review #${id}` }).click();
    const title = `Review proposal #${id} — Lucknow zone`;
    await expectHeading(page, title);

    for (const officer of APPROVED) {
      const notice = await decideOfficer(page, title, officer, { approve: true });
      expect(notice).toContain(`Approved ${officer.nameEn}. Account ${officer.userId} created`);
      expect(notice).not.toContain('Every officer is now decided');
      // Pending activation, and no password exists anywhere yet: the officer chooses it.
      const account = await accountOf(officer.userId);
      expect(account?.status).toBe('pending_activation');
      expect(account?.password_hash).toBeNull();
    }

    // A rejection without a reason is refused, and nothing changes.
    const section = officerSection(page, kavita);
    await section.getByLabel(`Reject ${kavita.nameEn}`, { exact: true }).check();
    await loadsNewPage(page, () =>
      page.getByRole('button', { name: 'Continue with the decisions chosen in the rows…' }).click(),
    );
    await expectHeading(page, title);
    expect(await page.locator('#error-summary').innerText()).toContain(
      `Enter the reason for rejecting ${kavita.nameEn}; the proposer will see it.`,
    );

    const last = await decideOfficer(page, title, kavita, { approve: false, reason: REJECTION_REASON });
    expect(last).toContain(`Rejected ${kavita.nameEn}. The proposer will see the reason.`);
    expect(last).toContain(
      'Every officer is now decided: the proposal is closed and the proposer notified by e-mail.',
    );
    await expectMainText(page, 'Every officer on this proposal has been decided.');
    expect(await page.locator('dl.facts').innerText()).toContain('Decided');
    expect(await accountOf(kavita.userId)).toBeUndefined();
  });

  it('delivers the activation, decision and guide mails over SMTP', async () => {
    const id = proposalId();
    const caught = await waitForMails(smtp, ROLLOUT_MAILS);
    expect(caught).toHaveLength(ROLLOUT_MAILS);
    state.mails = caught;

    for (const officer of APPROVED) {
      const mails = mailsTo(caught, officer.email);
      expect(mails, officer.email).toHaveLength(1);
      const [mail] = mails;
      if (!mail) continue;
      expect(mail.subject).toBe(ACTIVATION_SUBJECT);
      expect(mail.text).toContain(`प्रिय ${officer.nameHi},`);
      expect(mail.text).toContain(`यूज़र आईडी: ${officer.userId}`);
      expect(mail.text).toContain(`Dear ${officer.nameEn},`);
      expect(mail.text).toContain(`User ID: ${officer.userId}`);
      expect(mail.html).toContain(`<a href="${activationLinkIn(mail, app.portalOrigin)}">`);
      // No password: none exists yet, and the mail says nobody will ask for one.
      expect(mail.text).toContain('We never ask for your password.');
      expect(mail.text).not.toMatch(/password\s*[:：]/i);
      expect(mail.text).not.toMatch(/पासवर्ड\s*[:：]/);
    }
    expect(mailsTo(caught, kavita.email)).toEqual([]);

    const toZonalHead = mailsTo(caught, ZONAL_HEAD_EMAIL);
    expect(toZonalHead.map((m) => m.subject).sort()).toEqual(
      [
        GUIDE_SUBJECT,
        `द्वार: प्रस्ताव #${id} पर मुख्यालय का निर्णय / Dwaar: HQ decision on proposal #${id}`,
      ].sort(),
    );
    const decision = toZonalHead.find((m) => m.subject.includes('HQ decision'));
    expect(decision?.text).toContain('4 officer(s) approved, 1 rejected');
    expect(decision?.text).toContain(`• ${kavita.nameEn} (${kavita.employeeNo}): ${REJECTION_REASON}`);
    expect(decision?.text).toContain(`• ${kavita.nameHi} (${kavita.employeeNo}): ${REJECTION_REASON}`);
    expect(decision?.text).not.toContain('/activate?token=');

    const toJc = mailsTo(caught, JOINT_COMMISSIONER_EMAIL);
    expect(toJc.map((m) => m.subject)).toEqual([GUIDE_SUBJECT]);
    for (const guide of [...toJc, ...toZonalHead.filter((m) => m.subject === GUIDE_SUBJECT)]) {
      expect(guide.text).toContain(`${app.portalOrigin}/guide`);
      expect(guide.text).toContain('प्रिय सहकर्मी,');
      expect(guide.text).toContain('Dear colleague,');
      expect(guide.text).not.toContain('/activate?token=');
    }
  });

  it('lets an approved officer in Lucknow activate the account and reach BOWEB through the gateway', async () => {
    const link = linkFor(meera);
    const page = await b.newPage();
    const { totpSecret } = await activateAccount(page, app, {
      link,
      userId: meera.userId,
      password: NEW_PASSWORD,
      refusedPassword: 'Password@123',
    });
    const account = await accountOf(meera.userId);
    expect(account?.status).toBe('active');
    expect(account?.totp_secret_enc).not.toContain(totpSecret.replace(/\s/g, ''));

    // The recovery codes were shown once: the activation is over, its page is gone.
    const again = await page.goto(`${app.portalOrigin}/activate/done`);
    expect(again?.status()).toBe(440);
    await expectHeading(page, 'Activation stopped');

    await page.goto(`${app.portalOrigin}/`);
    await expectHeading(page, UI.en.landingTitle);
    const { trustStepShown } = await walkToLogin(page, { trust: true });
    expect(trustStepShown).toBe(true);
    await submitLogin(page, { userId: meera.userId, password: NEW_PASSWORD });
    await expectHeading(page, 'Second factor');
    expect(new URL(page.url()).pathname).toBe('/login/otp');

    // The code of the step used while enrolling is refused as replayed; the next step's code works.
    const now = app.clock.now();
    await page.getByLabel('One-time code').fill(totpCode(totpSecret, now));
    await loadsNewPage(page, () => page.getByRole('button', { name: 'Verify' }).click());
    await expectHeading(page, 'Second factor');
    expect(await page.locator('#error-summary').innerText()).toContain(
      'That code is not right, or it has already been used.',
    );
    await page.getByLabel('One-time code').fill(totpCode(totpSecret, now + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();

    await expectHeading(page, UI.en.webtopTitle);
    await expectMainText(page, `(${meera.userId})`);
    await openBowebFromWebtop(page);
    expect(new URL(page.url()).origin).toBe(app.bowebOrigin);
    expect(await vouchedBanner(page)).toMatch(new RegExp(`Gateway vouched for.*\\(${meera.userId}\\)`));
    await logIntoBoweb(page);
    expect(await vouchedBanner(page)).toContain(`(${meera.userId})`);
  });

  it('refuses an activation link opened a second time', async () => {
    const page = await b.newPage();
    const response = await page.goto(linkFor(meera));
    expect(response?.status()).toBe(410);
    await expectHeading(page, 'This link has already been used');
    expect(page.url()).not.toContain('/activate/confidentiality');
  });

  it('makes the first link fail once HQ has sent the link again', async () => {
    const first = linkFor(rakesh);
    const account = await accountOf(rakesh.userId);
    if (!account) throw new Error(`no account ${rakesh.userId}`);

    const hq = await b.newPage();
    await consoleSignIn(hq, app, HQ_APPROVER);
    await hq.goto(`${app.portalOrigin}/console/accounts/${account.id}`);
    await hq.getByRole('link', { name: 'Send the activation link again…' }).click();
    await expectHeading(hq, `Send the activation link for ${rakesh.userId} again?`);
    await hq.getByRole('button', { name: 'Send the activation link' }).click();
    await expectMainText(hq, 'A new activation link is on its way; the previous link no longer works.');

    const caught = await waitForMails(smtp, ROLLOUT_MAILS + 1);
    const [newest, older] = mailsTo(caught, rakesh.email);
    if (!newest || !older) throw new Error(`expected two mails to ${rakesh.email}`);
    const second = activationLinkIn(newest, app.portalOrigin);
    expect(tokenOf(second)).not.toBe(tokenOf(first));

    const officer = await b.newPage();
    const stale = await officer.goto(first);
    expect(stale?.status()).toBe(410);
    await expectHeading(officer, 'A newer link was sent; use the latest e-mail');

    const fresh = await b.newPage();
    await openActivationLink(fresh, second);
    await expectHeading(fresh, 'Confidentiality of credentials and data (section 133)');
    await expectMainText(fresh, `Your user ID: ${rakesh.userId}`);
  });

  it('keeps the zonal head out of HQ review', async () => {
    const page = await b.newPage();
    await consoleSignIn(page, app, ZONAL_HEAD);
    expect(await page.getByRole('link', { name: 'HQ review', exact: true }).count()).toBe(0);
    const response = await page.goto(`${app.portalOrigin}/console/review`);
    expect(response?.status()).toBe(403);
    await expectHeading(page, 'Access denied');
    const reviewOne = await page.goto(`${app.portalOrigin}/console/review/${proposalId()}`);
    expect(reviewOne?.status()).toBe(403);
  });
});
