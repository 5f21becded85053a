import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureConfidentialityDocument,
  insertOfficerAccount,
  sendLinkAndReadToken,
} from './factories/activation.ts';
import { openLink } from './factories/activation-open.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, follow, signIn, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const PASSWORD = 'saffron kite ledger 2047';

describe.each(TEST_DIALECTS)('officer activation and second factor on %s', (dialect) => {
  let t: TestApp;
  const userId = 'lucknow.upct10003';
  let accountId = 0;
  let officerName = '';
  let secret = '';
  let recoveryCodes: string[] = [];
  /** Every page the officer saw, to prove the password never came back in one. */
  const pages: Reply[] = [];
  const browser = new Browser();
  const visit = async (path: string, form?: Record<string, string>) => {
    const reply = await browser.fetch(`${t.portalOrigin}${path}`, form ? { form } : {});
    pages.push(reply);
    return reply;
  };
  const codeNow = (offsetMs = 0) =>
    new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
      timestamp: t.clock.now() + offsetMs,
    });
  const account = () =>
    t.deps.store.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  const auditOf = (type: string) =>
    t.deps.store.db
      .selectFrom('audit_events')
      .select(['actor', 'target', 'detail'])
      .where('type', '=', type)
      .orderBy('seq')
      .execute();
  /** Signs in with the password and lands on the second-factor page. */
  const passwordStep = async (b: Browser) => {
    const login = await signIn(b, t.portalOrigin, userId, PASSWORD);
    expect(login.location).toBe(`${t.portalOrigin}/login/otp`);
    return b.fetch(`${t.portalOrigin}/login/otp`);
  };

  beforeAll(async () => {
    t = await createTestApp({ dialect });
    await ensureConfidentialityDocument(t.deps);
    accountId = await insertOfficerAccount(t.deps, { employeeNo: 'UPCT10003', userId });
    officerName = (await account()).display_name;
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens the link and shows the confidentiality undertaking, unticked', async () => {
    const token = await sendLinkAndReadToken(t.deps, { accountId, purpose: 'activation' });
    const { page: linkPage, started } = await openLink(browser, t.portalOrigin, `/activate?token=${token}`);
    pages.push(linkPage, started);
    expect(started.location).toBe(`${t.portalOrigin}/activate/confidentiality`);
    const page = await visit('/activate/confidentiality');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Confidentiality of credentials and data (section 133)');
    expect(page.body).toContain('Version 1');
    expect(page.body).toContain(`Your user ID: ${userId}`);
    expect(page.body).toMatch(/<input type="checkbox" id="accept" name="accept" value="yes"\s*\/>/);
    const unticked = await visit('/activate/confidentiality', { _csrf: csrfFrom(page.body), version: '1' });
    expect(unticked.status).toBe(400);
    expect(unticked.body).toContain('id="error-summary"');
    expect(unticked.body).toContain('Tick the box to confirm');
    const noToken = await visit('/activate/confidentiality', { accept: 'yes', version: '1' });
    expect(noToken.status).toBe(403);
    const accepted = await visit('/activate/confidentiality', {
      _csrf: csrfFrom(page.body),
      version: '1',
      accept: 'yes',
    });
    expect(accepted.location).toBe(`${t.portalOrigin}/activate/password`);
    const acks = await t.deps.store.db
      .selectFrom('acknowledgements as a')
      .innerJoin('documents as d', 'd.id', 'a.document_id')
      .select(['d.kind', 'd.version'])
      .where('a.account_id', '=', accountId)
      .execute();
    expect(acks).toEqual([{ kind: 'confidentiality', version: 1 }]);
    expect(
      (await auditOf('confidentiality.accepted')).map((e) => [e.actor, JSON.parse(e.detail) as unknown]),
    ).toEqual([[userId, { version: 1 }]]);
  });

  it('refuses weak passwords beside the field, never echoing them, then takes a good one', async () => {
    const page = await visit('/activate/password');
    expect(page.body).toContain('autocomplete="new-password"');
    const csrf = csrfFrom(page.body);
    const surname = officerName.split(' ').at(-1) ?? '';
    const cases: [string, string, string][] = [
      ['Sh0rt&Sweet', 'Sh0rt&Sweet', 'The password must have at least 12 characters.'],
      ['Password@123', 'Password@123', 'This password is too common'],
      [`my id ${userId} ok`, `my id ${userId} ok`, `must not contain your user ID (${userId})`],
      ['kite upct10003 ledger', 'kite upct10003 ledger', 'must not contain your employee number (UPCT10003)'],
      [`${surname} kite ledger 88`, `${surname} kite ledger 88`, 'must not contain your name'],
      [PASSWORD, `${PASSWORD}!`, 'The two passwords do not match'],
    ];
    for (const [password, confirm, message] of cases) {
      const reply = await visit('/activate/password', { _csrf: csrf, password, confirm });
      expect(reply.status, message).toBe(400);
      expect(reply.body).toContain(message);
      expect(reply.body).toContain('id="error-summary"');
      expect(reply.body).toContain('class="field-error"');
      expect(reply.body).not.toContain(password);
    }
    expect((await account()).password_hash).toBeNull();
    const chosen = await visit('/activate/password', { _csrf: csrf, password: PASSWORD, confirm: PASSWORD });
    expect(chosen.location).toBe(`${t.portalOrigin}/activate/totp`);
    expect((await account()).password_hash).toBeNull();
  });

  it('enrols the authenticator app with a QR code and a typed key, checking a code', async () => {
    const page = await visit('/activate/totp');
    expect(page.body).toMatch(/<img\s+src="data:image\/png;base64,[^"]+"[^>]*alt="QR code that adds Dwaar/);
    const grouped = /<code id="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1] ?? '';
    expect(grouped).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
    secret = grouped.replace(/ /g, '');
    expect((await visit('/activate/totp')).body).toContain(grouped);
    const csrf = csrfFrom(page.body);
    const wrong = String((Number(codeNow()) + 500_000) % 1_000_000).padStart(6, '0');
    const refused = await visit('/activate/totp', { _csrf: csrf, code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('That code is not right');
    expect(refused.body).toContain(grouped);
    expect((await visit('/activate/totp', { _csrf: csrf, code: '' })).body).toContain(
      'Enter the six-digit code',
    );
    const confirmed = await visit('/activate/totp', { _csrf: csrf, code: codeNow() });
    expect(confirmed.location).toBe(`${t.portalOrigin}/activate/done`);
    expect((await account()).totp_secret_enc).toBeNull();
  });

  it('shows ten recovery codes until the officer confirms saving them, then activates', async () => {
    const page = await visit('/activate/done');
    recoveryCodes = [
      ...page.body.matchAll(/<li><code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{2})<\/code><\/li>/g),
    ].map((m) => m[1] ?? '');
    expect(recoveryCodes).toHaveLength(10);
    expect((await account()).status).toBe('pending_activation');
    const unconfirmed = await visit('/activate/done', { _csrf: csrfFrom(page.body) });
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toContain('Tick the box to confirm that you have saved the codes.');
    for (const code of recoveryCodes) expect(unconfirmed.body).toContain(code);
    const done = await visit('/activate/done', { _csrf: csrfFrom(page.body), saved: 'yes' });
    expect(done.status).toBe(200);
    expect(done.body).toContain('Your account is active');
    expect(done.body).toContain('href="/"');
    expect(browser.cookie('localhost', 'dwaar_act')).toBeUndefined();

    const row = await account();
    expect(row.status).toBe('active');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.totp_secret_enc).not.toBeNull();
    expect(row.totp_secret_enc).not.toContain(secret);
    expect(t.deps.keyring.open('totp-encryption', row.totp_secret_enc ?? '')).toBe(secret);
    const stored = await t.deps.store.db
      .selectFrom('recovery_codes')
      .selectAll()
      .where('account_id', '=', accountId)
      .execute();
    expect(stored).toHaveLength(10);
    const storedText = JSON.stringify(stored);
    for (const code of recoveryCodes) expect(storedText).not.toContain(code.replace(/-/g, ''));
    expect((await auditOf('account.activated')).map((e) => e.target)).toEqual([userId]);
    expect((await auditOf('account.totp_enrolled')).map((e) => e.target)).toEqual([userId]);
    expect((await visit('/activate/done')).status).toBe(440);
  });

  it('asks for the second factor after the password, then opens the webtop with an MFA session', async () => {
    t.clock.advance(60_000);
    const officer = new Browser();
    const otp = await passwordStep(officer);
    pages.push(otp);
    expect(otp.body).toContain('Second factor');
    expect(otp.body).toContain('autocomplete="one-time-code"');
    expect(otp.body).toContain('inputmode="numeric"');
    expect(otp.body).toContain('Use a recovery code instead');
    expect(officer.cookie('localhost', 'dwaar_sid')).toBeUndefined();
    const reply = await officer.fetch(`${t.portalOrigin}/login/otp`, {
      form: { _csrf: csrfFrom(otp.body), method: 'totp', code: codeNow() },
    });
    expect(reply.location).toBe(`${t.portalOrigin}/webtop`);
    const webtop = await follow(officer, reply);
    pages.push(webtop);
    expect(webtop.body).toContain('BOWEB back-office portal');
    const sid = officer.cookie('localhost', 'dwaar_sid')?.split('.')[0] ?? '';
    const session = await t.deps.store.db
      .selectFrom('sessions')
      .select(['mfa', 'disclaimer_version'])
      .where('id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ mfa: 1, disclaimer_version: 1 });
    const [success] = (await auditOf('login.succeeded')).filter((e) => e.actor === userId);
    expect(JSON.parse(success?.detail ?? '{}')).toMatchObject({ mfa: true, previous_login: null });
  });

  it('refuses the same code again in its time step, and audits it', async () => {
    const code = codeNow();
    const second = new Browser();
    const otp = await passwordStep(second);
    const replay = await second.fetch(`${t.portalOrigin}/login/otp`, {
      form: { _csrf: csrfFrom(otp.body), method: 'totp', code },
    });
    expect(replay.status).toBe(401);
    expect(replay.body).toContain('That code is not right, or it has already been used.');
    expect(second.cookie('localhost', 'dwaar_sid')).toBeUndefined();
    const failed = await auditOf('login.mfa_failed');
    expect(JSON.parse(failed.at(-1)?.detail ?? '{}')).toMatchObject({ method: 'totp', why: 'replayed' });
  });

  it('refuses and audits a wrong code, bilingually', async () => {
    const hindi = new Browser();
    hindi.setCookie('localhost', 'dwaar_lang', 'hi');
    const otp = await passwordStep(hindi);
    expect(otp.body).toContain('दूसरा सत्यापन चरण');
    const wrong = String((Number(codeNow()) + 1) % 1_000_000).padStart(6, '0');
    const reply = await hindi.fetch(`${t.portalOrigin}/login/otp`, {
      form: { _csrf: csrfFrom(otp.body), method: 'totp', code: wrong },
    });
    expect(reply.status).toBe(401);
    expect(reply.body).toContain('यह कोड सही नहीं है');
    const failed = await auditOf('login.mfa_failed');
    expect(failed.at(-1)).toMatchObject({ actor: userId });
    expect(JSON.parse(failed.at(-1)?.detail ?? '{}')).toMatchObject({ method: 'totp', why: 'wrong' });
  });

  it('accepts a recovery code once', async () => {
    const [code = ''] = recoveryCodes;
    const first = new Browser();
    await passwordStep(first);
    const page = await first.fetch(`${t.portalOrigin}/login/otp?method=recovery`);
    expect(page.body).toContain('Recovery code');
    expect(page.body).toContain('Use the code from the app instead');
    const used = await first.fetch(`${t.portalOrigin}/login/otp`, {
      form: { _csrf: csrfFrom(page.body), method: 'recovery', code: code.toUpperCase() },
    });
    expect(used.location).toBe(`${t.portalOrigin}/webtop`);
    expect((await auditOf('login.recovery_code_used')).map((e) => JSON.parse(e.detail) as unknown)).toEqual([
      { remaining: 9 },
    ]);
    const again = new Browser();
    await passwordStep(again);
    const page2 = await again.fetch(`${t.portalOrigin}/login/otp?method=recovery`);
    const reused = await again.fetch(`${t.portalOrigin}/login/otp`, {
      form: { _csrf: csrfFrom(page2.body), method: 'recovery', code },
    });
    expect(reused.status).toBe(401);
    expect(reused.body).toContain('That code is not right, or it has already been used.');
  });

  it('never let the password into a page, an audit record or a mail', async () => {
    for (const page of pages) expect(page.body).not.toContain(PASSWORD);
    const audit = await t.deps.store.db.selectFrom('audit_events').selectAll().execute();
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    const mail = await t.deps.store.db.selectFrom('mail_outbox').selectAll().execute();
    expect(JSON.stringify(mail)).not.toContain(PASSWORD);
    for (const m of mail) {
      if (m.body_sealed)
        expect(t.deps.keyring.open('mail-encryption', m.body_sealed)).not.toContain(PASSWORD);
    }
    expect(JSON.stringify(audit)).not.toContain(secret);
  });
});
