import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertOfficerAccount } from './factories/activation.ts';
import { generateTotpSecret } from '../src/login/totp.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

const PASSWORD = 'lantern monsoon copper 19';

describe.each(TEST_DIALECTS)('second factor at login on %s', (dialect) => {
  let t: TestApp;
  let next = 30;
  /** An active officer account with a password and an enrolled authenticator app. */
  const enrolled = async () => {
    const n = next++;
    const userId = `mfa.upct${10001 + n}`;
    const id = await insertOfficerAccount(t.deps, {
      employeeNo: `UPCT${10001 + n}`,
      userId,
      status: 'active',
    });
    const secret = generateTotpSecret();
    await t.deps.store.db
      .updateTable('accounts')
      .set({
        password_hash: await t.deps.passwords.hash(PASSWORD),
        totp_secret_enc: t.deps.keyring.seal('totp-encryption', secret),
      })
      .where('id', '=', id)
      .execute();
    const code = (offsetSteps = 0) =>
      new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
        timestamp: t.clock.now() + offsetSteps * 30_000,
      });
    const wrongCode = () => String((Number(code()) + 123_457) % 1_000_000).padStart(6, '0');
    return { id, userId, code, wrongCode };
  };
  const passwordStep = async (b: Browser, userId: string) => {
    const login = await signIn(b, t.portalOrigin, userId, PASSWORD);
    expect(login.location).toBe(`${t.portalOrigin}/login/otp`);
    return b.fetch(`${t.portalOrigin}/login/otp`);
  };
  const submit = (b: Browser, page: string, code: string, method = 'totp') =>
    b.fetch(`${t.portalOrigin}/login/otp`, { form: { _csrf: csrfFrom(page), method, code } });

  beforeAll(async () => {
    t = await createTestApp({ dialect, env: { DWAAR_LOCKOUT_SECONDS: '60' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('keeps the demo officer without an authenticator app on the password-only path', async () => {
    const browser = new Browser();
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'Officer@Dwaar1');
    expect(login.location).toBe(`${t.portalOrigin}/webtop`);
    const sid = browser.cookie('localhost', 'dwaar_sid')?.split('.')[0] ?? '';
    const session = await t.deps.store.db
      .selectFrom('sessions')
      .select('mfa')
      .where('id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(session.mfa).toBe(0);
  });

  it('sends a visitor with no correct password from the code page back to the password', async () => {
    const browser = new Browser();
    expect((await browser.fetch(`${t.portalOrigin}/login/otp`)).location).toBe(`${t.portalOrigin}/inspect`);
    const login = await signIn(browser, t.portalOrigin, 'officer1', 'wrong password');
    expect(login.status).toBe(401);
    expect((await browser.fetch(`${t.portalOrigin}/login/otp`)).location).toBe(`${t.portalOrigin}/login`);
  });

  it('refuses a code post without its CSRF token', async () => {
    const { userId, code } = await enrolled();
    const browser = new Browser();
    await passwordStep(browser, userId);
    const reply = await browser.fetch(`${t.portalOrigin}/login/otp`, {
      form: { method: 'totp', code: code() },
    });
    expect(reply.status).toBe(403);
    expect(browser.cookie('localhost', 'dwaar_sid')).toBeUndefined();
  });

  it('asks for a code when none is given, without counting a failure', async () => {
    const { userId } = await enrolled();
    const browser = new Browser();
    const page = await passwordStep(browser, userId);
    const reply = await submit(browser, page.body, '  ');
    expect(reply.status).toBe(400);
    expect(reply.body).toContain('Enter the code.');
    expect(reply.body).toContain('id="error-summary"');
  });

  it('accepts a code from the previous time step, for a phone a little slow', async () => {
    const { userId, code } = await enrolled();
    const browser = new Browser();
    const page = await passwordStep(browser, userId);
    expect((await submit(browser, page.body, code(-1))).location).toBe(`${t.portalOrigin}/webtop`);
  });

  it('stops the second step after 5 minutes and asks for the password again', async () => {
    const { userId, code } = await enrolled();
    const browser = new Browser();
    const page = await passwordStep(browser, userId);
    t.clock.advance(5 * 60_000 + 1000);
    const late = await submit(browser, page.body, code());
    expect(late.status).toBe(440);
    expect(late.body).toContain('The second step took longer than 5 minutes');
    expect(browser.cookie('localhost', 'dwaar_sid')).toBeUndefined();
    expect((await browser.fetch(`${t.portalOrigin}/login/otp`)).location).toBe(`${t.portalOrigin}/login`);
  });

  it('locks the account after five wrong codes, even when the password is entered again between them', async () => {
    const { id, userId, code, wrongCode } = await enrolled();
    const first = new Browser();
    let reply = await passwordStep(first, userId);
    for (let i = 0; i < 3; i++) {
      reply = await submit(first, reply.body, wrongCode());
      expect(reply.status).toBe(401);
      expect(reply.body).toContain(`${4 - i} attempts left`);
    }
    // A correct password clears password failures, but not second-factor ones.
    const second = new Browser();
    const otp = await passwordStep(second, userId);
    const fourth = await submit(second, otp.body, wrongCode());
    expect(fourth.status).toBe(401);
    expect(fourth.body).toContain('1 attempt left');
    const fifth = await submit(second, fourth.body, wrongCode());
    expect(fifth.status).toBe(423);
    expect(fifth.body).toContain('Sign-in is locked until');
    expect(fifth.body).toContain('name="password"');
    const row = await t.deps.store.db
      .selectFrom('accounts')
      .select(['status', 'locked_until'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('locked');
    expect(row.locked_until).toBe(t.clock.now() + 60_000);
    const locked = await t.deps.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('type', '=', 'login.locked')
      .where('actor', '=', userId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(locked.detail)).toMatchObject({ failures: 5, factor: 'second' });
    const failures = await t.deps.store.db
      .selectFrom('audit_events')
      .select('detail')
      .where('type', '=', 'login.mfa_failed')
      .where('actor', '=', userId)
      .execute();
    expect(failures).toHaveLength(5);
    // Locked: the right code in the other browser and the right password are refused until the lock ends.
    expect((await submit(first, reply.body, code())).status).toBe(423);
    expect(first.cookie('localhost', 'dwaar_sid')).toBeUndefined();
    expect((await signIn(new Browser(), t.portalOrigin, userId, PASSWORD)).status).toBe(423);
    t.clock.advance(61_000);
    const after = new Browser();
    const page = await passwordStep(after, userId);
    expect((await submit(after, page.body, code())).location).toBe(`${t.portalOrigin}/webtop`);
  });
});
