import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from './create-test-app.ts';
import { DEMO_PASSWORDS, enrolAuthenticator, nextCode } from './factories/staff.ts';
import { Browser, csrfFrom, signIn, type Reply } from './http-client.ts';
import { TEST_DIALECTS } from './test-env.ts';

/** Issue 7, item 8: lockout as a weapon (OWASP's device-cookie defence). */
describe.each(TEST_DIALECTS)('sign-in lockout on %s', (dialect) => {
  let t: TestApp;
  const DEVICE = 'dwaar_known_device';
  const OWNER_PASSWORD = 'Officer@Dwaar1';

  beforeAll(async () => {
    t = await createTestApp({ dialect, env: { DWAAR_LOCKOUT_SECONDS: '60' } });
    await t.deps.store.db
      .updateTable('accounts')
      .set({ email: 'officer1@ctd.up.example' })
      .where('user_id', '=', 'officer1')
      .execute();
  });
  afterAll(async () => {
    await t.close();
  });
  // Every request comes from 127.0.0.1: each test starts with the address's failure count at zero.
  beforeEach(async () => {
    await t.deps.kv.del('login-ip-fail:127.0.0.1');
  });

  const url = (path: string) => `${t.portalOrigin}${path}`;

  /** One more password attempt in a browser whose flow has reached the login step. */
  async function again(b: Browser, userId: string, password: string): Promise<Reply> {
    const page = await b.fetch(url('/login'));
    return b.fetch(url('/login'), { form: { _csrf: csrfFrom(page.body), userId, password } });
  }

  async function unlockMails() {
    const rows = await t.deps.store.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('kind', '=', 'unlock')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      to: r.to_address,
      text: (JSON.parse(t.deps.keyring.open('mail-encryption', r.body_sealed ?? '')) as { text: string })
        .text,
    }));
  }

  it('keeps the owner on a known device signing in while an attacker fails 20 times; mails a one-time unlock link', async () => {
    // The owner signed in on this browser before: it holds a device cookie, scoped to the sign-in form.
    const earlier = new Browser();
    const first = await signIn(earlier, t.portalOrigin, 'officer1', OWNER_PASSWORD);
    expect(first.status).toBe(303);
    expect(first.location).toBe(url('/webtop'));
    const setCookie = ([] as string[]).concat(first.headers['set-cookie'] ?? []);
    expect(setCookie.find((c) => c.startsWith(`${DEVICE}=`))).toMatch(/Path=\/login;.*HttpOnly/i);
    const device = earlier.cookie('localhost', DEVICE) ?? '';
    expect(device).not.toBe('');

    // The attacker: no device cookie, 20 wrong passwords.
    const attacker = new Browser();
    const replies = [await signIn(attacker, t.portalOrigin, 'officer1', 'wrong-0')];
    for (let i = 1; i < 20; i++) replies.push(await again(attacker, 'officer1', `wrong-${i}`));
    expect(replies.slice(0, 4).map((r) => r.status)).toEqual([401, 401, 401, 401]);
    expect(replies.slice(4).every((r) => r.status === 423)).toBe(true);
    const refused = replies.at(-1)?.body ?? '';
    expect(refused).toContain('Sign-in from new devices is paused until');
    // Even the right password is refused on a device the account never signed in on.
    expect((await again(attacker, 'officer1', OWNER_PASSWORD)).status).toBe(423);

    // The owner, in a new browser session that kept only the long-lived device cookie, still gets in.
    const owner = new Browser();
    owner.setCookie('localhost', DEVICE, device);
    const ownerIn = await signIn(owner, t.portalOrigin, 'officer1', OWNER_PASSWORD);
    expect(ownerIn.status).toBe(303);
    expect(ownerIn.location).toBe(url('/webtop'));

    // One unlock mail for the one lock, with a one-time link, in both languages.
    const mails = await unlockMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe('officer1@ctd.up.example');
    expect(mails[0]?.text).toContain('sign-in from new devices is paused');
    expect(mails[0]?.text).toContain('नए डिवाइस से साइन-इन');
    const link = /http:\/\/\S+\/login\/unlock\?token=[\w-]+/.exec(mails[0]?.text ?? '')?.[0] ?? '';
    expect(link).not.toBe('');
    // The token is stored only as its hash, and never reaches the audit trail.
    const token = new URL(link).searchParams.get('token') ?? '';
    const audit = await t.deps.store.db.selectFrom('audit_events').select('detail').execute();
    expect(JSON.stringify(audit)).not.toContain(token);

    // Another new device is refused until the link is used; then it signs in.
    const laptop = new Browser();
    expect((await signIn(laptop, t.portalOrigin, 'officer1', OWNER_PASSWORD)).status).toBe(423);
    const page = await laptop.fetch(link);
    expect(page.status).toBe(200);
    const used = await laptop.fetch(url('/login/unlock'), { form: { _csrf: csrfFrom(page.body), token } });
    expect(used.status).toBe(200);
    expect(used.body).toContain('Sign-in from new devices is allowed again');
    expect((await again(laptop, 'officer1', OWNER_PASSWORD)).status).toBe(303);

    // The link works once.
    const page2 = await laptop.fetch(link);
    const reused = await laptop.fetch(url('/login/unlock'), {
      form: { _csrf: csrfFrom(page2.body), token },
    });
    expect(reused.status).toBe(410);
    expect(reused.body).toContain('This unlock link is not valid');
  });

  it('counts failures on a known device against that device alone', async () => {
    const earlier = new Browser();
    expect((await signIn(earlier, t.portalOrigin, 'officer1', OWNER_PASSWORD)).status).toBe(303);
    const device = earlier.cookie('localhost', DEVICE) ?? '';
    const careless = new Browser();
    careless.setCookie('localhost', DEVICE, device);
    const replies = [await signIn(careless, t.portalOrigin, 'officer1', 'typo-0')];
    for (let i = 1; i < 5; i++) replies.push(await again(careless, 'officer1', `typo-${i}`));
    expect(replies.every((r) => r.status === 401)).toBe(true);
    const locked = await t.deps.store.db
      .selectFrom('audit_events')
      .select('type')
      .where('type', '=', 'login.device_locked')
      .execute();
    expect(locked).toHaveLength(1);
    // Unknown devices were not throttled by the owner's typos.
    expect((await signIn(new Browser(), t.portalOrigin, 'officer1', OWNER_PASSWORD)).status).toBe(303);
  });

  it('keeps HQ on its known device in the console while an attacker hammers its user ID', async () => {
    const secret = await enrolAuthenticator(t, 'hq.admin');
    const pass = DEMO_PASSWORDS.get('hq.admin') ?? '';
    const consoleLogin = async (b: Browser, password: string) => {
      const page = await b.fetch(url('/console/login'));
      return b.fetch(url('/console/login'), {
        form: { _csrf: csrfFrom(page.body), userId: 'hq.admin', password },
      });
    };
    const code = async (b: Browser) => {
      const page = await b.fetch(url('/console/login/otp'));
      return b.fetch(url('/console/login/otp'), {
        form: { _csrf: csrfFrom(page.body), method: 'totp', code: nextCode(t, 'hq.admin', secret) },
      });
    };
    const hq = new Browser();
    expect((await consoleLogin(hq, pass)).location).toBe(url('/console/login/otp'));
    const opened = await code(hq);
    expect(opened.location).toBe(url('/console'));
    const setCookie = ([] as string[]).concat(opened.headers['set-cookie'] ?? []);
    expect(setCookie.find((c) => c.startsWith(`${DEVICE}=`))).toMatch(/Path=\/console\/login;/i);
    const device = hq.cookie('localhost', DEVICE) ?? '';

    const attacker = new Browser();
    for (let i = 0; i < 8; i++) await consoleLogin(attacker, `guess-${i}`);
    expect((await consoleLogin(attacker, pass)).status).toBe(423);

    const later = new Browser();
    later.setCookie('localhost', DEVICE, device);
    expect((await consoleLogin(later, pass)).location).toBe(url('/console/login/otp'));
    expect((await code(later)).location).toBe(url('/console'));
  });

  it('counts only failures against the per-address limit', async () => {
    for (let i = 0; i < 30; i++) {
      const b = new Browser();
      const ok = await signIn(b, t.portalOrigin, 'officer2', 'Officer@Dwaar2');
      expect(ok.status, `sign-in ${i + 1}`).toBe(303);
    }
    const b = new Browser();
    await signIn(b, t.portalOrigin, 'no.such.user.0', 'x');
    for (let i = 1; i < 30; i++) await again(b, `no.such.user.${i}`, 'x');
    const refused = await again(b, 'officer2', 'Officer@Dwaar2');
    expect(refused.status).toBe(429);
    expect(refused.body).toContain('Too many attempts from this network');
  });

  it('warns once per peer about X-Forwarded-For from a proxy that is not trusted', async () => {
    const warn = vi.spyOn(t.deps.logger, 'warn');
    try {
      for (let i = 0; i < 3; i++)
        await new Browser().fetch(url('/console/login'), {
          headers: { 'x-forwarded-for': `198.51.100.${i}` },
        });
      await new Browser().fetch(url('/inspect'), { headers: { 'x-forwarded-for': '198.51.100.9' } });
      const forwarded = warn.mock.calls.filter((c) => String(c[1]).includes('X-Forwarded-For'));
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]?.[0]).toMatchObject({ peer: '127.0.0.1' });
    } finally {
      warn.mockRestore();
    }
  });
});
