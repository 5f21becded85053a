import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { DEMO_PASSWORDS, enrolAuthenticator, nextCode } from './factories/staff.ts';
import { Browser, csrfFrom, signIn, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

describe.each(TEST_DIALECTS)('console sign-in on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  const url = (path: string) => `${t.portalOrigin}${path}`;
  const account = (userId: string) =>
    t.deps.store.db
      .selectFrom('accounts')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
  const audits = (type: string, actor: string) =>
    t.deps.store.db
      .selectFrom('audit_events')
      .select(['type', 'detail'])
      .where('type', '=', type)
      .where('actor', '=', actor)
      .execute();

  /** The password step; returns the browser and where it was sent. */
  async function password(
    userId: string,
    pass = DEMO_PASSWORDS.get(userId) ?? '',
  ): Promise<[Browser, Reply]> {
    const b = new Browser();
    const page = await b.fetch(url('/console/login'));
    return [
      b,
      await b.fetch(url('/console/login'), { form: { _csrf: csrfFrom(page.body), userId, password: pass } }),
    ];
  }

  async function postCode(b: Browser, code: string, method = 'totp'): Promise<Reply> {
    const page = await b.fetch(url('/console/login/otp'));
    return b.fetch(url('/console/login/otp'), { form: { _csrf: csrfFrom(page.body), method, code } });
  }

  it('asks an enrolled administrator for the second factor and opens no session on the password alone', async () => {
    const secret = await enrolAuthenticator(t, 'hq.admin');
    const [b, reply] = await password('hq.admin');
    expect(reply.status).toBe(303);
    expect(reply.location).toBe(url('/console/login/otp'));
    expect(b.cookie('localhost', 'dwaar_sid')).toBeUndefined();
    const console = await b.fetch(url('/console'));
    expect(console.location).toBe(url('/console/login'));

    const wrong = await postCode(b, '000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('That code is not right, or it has already been used.');
    expect(b.cookie('localhost', 'dwaar_sid')).toBeUndefined();

    const code = nextCode(t, 'hq.admin', secret);
    const right = await postCode(b, code);
    expect(right.location).toBe(url('/console'));
    expect((await b.fetch(url('/console'))).status).toBe(200);
    const [succeeded] = await audits('console.login_succeeded', 'hq.admin');
    expect(JSON.parse(succeeded?.detail ?? '{}')).toMatchObject({ mfa: true, role: 'hq_admin' });

    // The same code a second time, in another browser, is refused: each step works once.
    const [again] = await password('hq.admin');
    expect((await postCode(again, code)).status).toBe(401);
  });

  it('does not take the second factor as done when the password is reused on the portal', async () => {
    await enrolAuthenticator(t, 'zonal.lucknow');
    const [b] = await password('zonal.lucknow');
    // The pending second factor belongs to the console: the portal's code step does not accept it.
    const portalStep = await b.fetch(url('/login/otp'));
    expect(portalStep.status).toBe(303);
    expect(portalStep.location).not.toBe(url('/login/otp'));
    expect(b.cookie('localhost', 'dwaar_sid')).toBeUndefined();
  });

  it('makes an administrator without a second factor enrol one before any console page opens', async () => {
    expect((await account('hq.approver')).totp_secret_enc).toBeNull();
    const [b, reply] = await password('hq.approver');
    expect(reply.location).toBe(url('/console/login/enrol'));
    expect((await b.fetch(url('/console/login/otp'))).location).toBe(url('/console/login/enrol'));
    expect((await b.fetch(url('/console'))).location).toBe(url('/console/login'));

    const page = await b.fetch(url('/console/login/enrol'));
    expect(page.body).toContain('Set up your second factor');
    const key = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/\s/g, '') ?? '';
    expect(key).toMatch(/^[A-Z2-7]{32}$/);
    // The same key on reload: nothing is made twice.
    expect((await b.fetch(url('/console/login/enrol'))).body).toContain(
      page.body.match(/id="totp-secret">[^<]+/)?.[0],
    );

    const wrong = await b.fetch(url('/console/login/enrol'), {
      form: { _csrf: csrfFrom(page.body), code: '123456' },
    });
    expect(wrong.status).toBe(400);
    expect((await account('hq.approver')).totp_secret_enc).toBeNull();

    const totp = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30, algorithm: 'SHA1' });
    const confirmed = await b.fetch(url('/console/login/enrol'), {
      form: { _csrf: csrfFrom(page.body), code: totp.generate({ timestamp: t.clock.now() }) },
    });
    expect(confirmed.location).toBe(url('/console/login/enrol/codes'));
    const codes = await b.fetch(url('/console/login/enrol/codes'));
    expect(codes.body.match(/<li><code>[0-9a-z-]{12}<\/code><\/li>/g)).toHaveLength(10);
    // Not yet stored: the codes must be confirmed as saved first.
    expect((await account('hq.approver')).totp_secret_enc).toBeNull();
    const unsaved = await b.fetch(url('/console/login/enrol/codes'), {
      form: { _csrf: csrfFrom(codes.body) },
    });
    expect(unsaved.status).toBe(400);

    const done = await b.fetch(url('/console/login/enrol/codes'), {
      form: { _csrf: csrfFrom(codes.body), saved: 'yes' },
    });
    expect(done.location).toBe(url('/console'));
    expect((await b.fetch(url('/console'))).status).toBe(200);
    const stored = await account('hq.approver');
    expect(stored.totp_secret_enc).not.toBeNull();
    expect(stored.totp_secret_enc).not.toContain(key);
    const recovery = await t.deps.store.db
      .selectFrom('recovery_codes')
      .select('id')
      .where('account_id', '=', stored.id)
      .execute();
    expect(recovery).toHaveLength(10);
    expect(await audits('account.totp_enrolled', 'hq.approver')).toHaveLength(1);

    // From now on the console asks for the code.
    const [next] = await password('hq.approver');
    expect((await next.fetch(url('/console/login/otp'))).status).toBe(200);
  });

  it('lets a recovery code stand in for the app, once', async () => {
    const [b0] = await password('jc.lucknow');
    const page = await b0.fetch(url('/console/login/enrol'));
    const key = /id="totp-secret">([A-Z2-7 ]+)</.exec(page.body)?.[1]?.replace(/\s/g, '') ?? '';
    await b0.fetch(url('/console/login/enrol'), {
      form: { _csrf: csrfFrom(page.body), code: nextCode(t, 'jc.lucknow', key) },
    });
    const codesPage = await b0.fetch(url('/console/login/enrol/codes'));
    const recovery = /<li><code>([0-9a-z-]{12})<\/code><\/li>/.exec(codesPage.body)?.[1] ?? '';
    await b0.fetch(url('/console/login/enrol/codes'), {
      form: { _csrf: csrfFrom(codesPage.body), saved: 'yes' },
    });

    const [b1] = await password('jc.lucknow');
    expect((await postCode(b1, recovery, 'recovery')).location).toBe(url('/console'));
    const [b2] = await password('jc.lucknow');
    expect((await postCode(b2, recovery, 'recovery')).status).toBe(401);
  });

  it('locks the account after too many wrong codes, as wrong passwords would', async () => {
    await enrolAuthenticator(t, 'si.lucknow');
    const [b] = await password('si.lucknow');
    let last: Reply | undefined;
    for (let i = 0; i < 5; i++) last = await postCode(b, '111111');
    expect(last?.status).toBe(423);
    expect((await account('si.lucknow')).status).toBe('locked');
  });

  it('refuses the console to an officer, audited, before any second factor', async () => {
    const [b, reply] = await password('officer1');
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('This account cannot use the console.');
    expect(b.cookie('localhost', 'dwaar_sid')).toBeUndefined();
    expect(await audits('console.access_denied', 'officer1')).not.toHaveLength(0);
    // An officer's portal session does not open the console either.
    const officer = new Browser();
    await signIn(officer, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect((await officer.fetch(url('/console'))).status).toBe(403);
  });
});
