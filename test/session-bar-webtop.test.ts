import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceRecoveryCodes, generateRecoveryCodes } from '../src/login/recovery-codes.ts';
import { generateTotpSecret } from '../src/login/totp.ts';
import { en } from '../src/i18n/messages/core-en.ts';
import { insertOfficerAccount } from './factories/activation.ts';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { Browser, csrfFrom, follow, signIn } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

// Issue 8 on the webtop: item 7 (say only what is true), item 9 (the session's times, read without
// extending it) and item 4 (recovery codes left after one is used).

const PASSWORD = 'lantern monsoon copper 19';

describe.each(TEST_DIALECTS)('webtop and session status on %s', (dialect) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ dialect });
  });
  afterAll(async () => {
    await t.close();
  });

  async function webtopOf(userId: string, password: string): Promise<{ browser: Browser; body: string }> {
    const browser = new Browser();
    const page = await follow(browser, await signIn(browser, t.portalOrigin, userId, password));
    expect(page.status).toBe(200);
    return { browser, body: page.body };
  }

  it('tells an officer whose office is open only that, not that a proposal may be with HQ', async () => {
    const { body } = await webtopOf('officer2', 'Officer@Dwaar2');
    expect(body).toContain(en.denyOfficeOpen);
    expect(body).not.toContain('No applications assigned yet');
  });

  it('still lists officer1’s application without either message', async () => {
    const { body } = await webtopOf('officer1', 'Officer@Dwaar1');
    expect(body).not.toContain('No applications assigned yet');
    expect(body).not.toContain(en.denyOfficeOpen);
  });

  it('gives the webtop the session’s times without extending it, and says when it has ended', async () => {
    const { browser } = await webtopOf('officer1', 'Officer@Dwaar1');
    const first = await browser.fetch(`${t.portalOrigin}/session/status`);
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(first.body)).toMatchObject({ live: true, idleLeftMs: 15 * 60_000 });
    t.clock.advance(14 * 60_000);
    const later = JSON.parse((await browser.fetch(`${t.portalOrigin}/session/status`)).body) as {
      idleLeftMs: number;
    };
    expect(later.idleLeftMs).toBe(60_000);
    t.clock.advance(61_000);
    const gone = await browser.fetch(`${t.portalOrigin}/session/status`);
    expect(gone.status).toBe(401);
    expect(JSON.parse(gone.body)).toEqual({ live: false, reason: 'idle' });
    const none = await new Browser().fetch(`${t.portalOrigin}/session/status`);
    expect(JSON.parse(none.body)).toEqual({ live: false, reason: null });
  });

  it('puts the countdown texts on the webtop’s idle warning', async () => {
    const { body } = await webtopOf('officer1', 'Officer@Dwaar1');
    expect(body).toContain('data-warn="Your session will end in {time} because it has been idle."');
    expect(body).toContain('aria-live="polite"');
  });

  describe('recovery codes', () => {
    let codes: string[] = [];
    let accountId = 0;
    const secret = generateTotpSecret();
    const userId = 'recovery.upct10071';

    beforeAll(async () => {
      accountId = await insertOfficerAccount(t.deps, { employeeNo: 'UPCT10071', userId, status: 'active' });
      codes = generateRecoveryCodes();
      await t.deps.store.db
        .updateTable('accounts')
        .set({
          password_hash: await t.deps.passwords.hash(PASSWORD),
          totp_secret_enc: t.deps.keyring.seal('totp-encryption', secret),
        })
        .where('id', '=', accountId)
        .execute();
      await t.deps.store.db.transaction().execute((trx) => replaceRecoveryCodes(trx, accountId, codes));
    });

    async function signInWithSecondFactor(method: 'recovery' | 'totp', code: string): Promise<string> {
      t.clock.advance(60_000);
      const browser = new Browser();
      const login = await signIn(browser, t.portalOrigin, userId, PASSWORD);
      expect(login.location).toBe(`${t.portalOrigin}/login/otp`);
      const otp = await browser.fetch(`${t.portalOrigin}/login/otp`);
      const done = await browser.fetch(`${t.portalOrigin}/login/otp`, {
        form: { _csrf: csrfFrom(otp.body), method, code },
      });
      const webtop = await follow(browser, done);
      expect(webtop.status).toBe(200);
      return webtop.body;
    }
    const signInWithRecovery = (code: string) => signInWithSecondFactor('recovery', code);

    it('says how many remain after one is used, and warns when few are left', async () => {
      const once = await signInWithRecovery(codes[0] ?? '');
      expect(once).toContain('You signed in with a recovery code. Recovery codes left: 9 of 10.');
      expect(once).not.toContain('Few recovery codes are left');

      for (const code of codes.slice(1, 7)) await signInWithRecovery(code);
      const few = await signInWithRecovery(codes[7] ?? '');
      expect(few).toContain('Recovery codes left: 2 of 10.');
      expect(few).toContain('Few recovery codes are left.');

      await signInWithRecovery(codes[8] ?? '');
      const last = await signInWithRecovery(codes[9] ?? '');
      expect(last).toContain('Recovery codes left: 0 of 10.');
      expect(last).toContain('You have no recovery codes left.');
    });

    it('says nothing about recovery codes on a sign-in that did not use one', async () => {
      t.clock.advance(60_000);
      const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
      const body = await signInWithSecondFactor('totp', totp.generate({ timestamp: t.clock.now() + 60_000 }));
      expect(body).toContain(en.webtopTitle);
      expect(body).not.toContain('recovery code');
    });
  });
});
