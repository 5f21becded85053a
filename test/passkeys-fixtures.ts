import { expect } from 'vitest';
import { generateTotpSecret } from '../src/login/totp.ts';
import type { TestApp } from './create-test-app.ts';
import { insertOfficerAccount } from './factories/activation.ts';
import { nextCode } from './factories/staff.ts';
import { Browser, csrfFrom, signIn, type Reply } from './http-client.ts';
import { assertWith, attest, newSoftPasskey, type SoftPasskey } from './passkeys-authenticator.ts';

export const PASSWORD = 'lantern monsoon copper 19';

export interface Officer {
  readonly id: number;
  readonly userId: string;
  readonly secret: string;
}

/** An active officer with a password and an authenticator app. */
export async function officerWithTotp(t: TestApp, n: number): Promise<Officer> {
  const userId = `pk.upct${10001 + n}`;
  const id = await insertOfficerAccount(t.deps, { employeeNo: `UPCT${10001 + n}`, userId, status: 'active' });
  const secret = generateTotpSecret();
  await t.deps.store.db
    .updateTable('accounts')
    .set({
      password_hash: await t.deps.passwords.hash(PASSWORD),
      totp_secret_enc: t.deps.keyring.seal('totp-encryption', secret),
      email: `${userId}@example.gov.in`,
    })
    .where('id', '=', id)
    .execute();
  return { id, userId, secret };
}

/** The password step, landing on the second-factor page (its reply). */
export async function passwordOnly(t: TestApp, b: Browser, o: Officer): Promise<Reply> {
  const login = await signIn(b, t.portalOrigin, o.userId, PASSWORD);
  expect(login.location).toBe(`${t.portalOrigin}/login/otp`);
  return b.fetch(`${t.portalOrigin}/login/otp`);
}

/** Signs the officer in with the app's code; the browser holds the session. */
export async function signedIn(t: TestApp, o: Officer): Promise<Browser> {
  const b = new Browser();
  const otp = await passwordOnly(t, b, o);
  const done = await b.fetch(`${t.portalOrigin}/login/otp`, {
    form: { _csrf: csrfFrom(otp.body), method: 'totp', code: nextCode(t, o.userId, o.secret) },
  });
  expect(done.location).toBe(`${t.portalOrigin}/webtop`);
  return b;
}

export const rp = (t: TestApp) => ({ origin: t.portalOrigin, rpId: 'localhost' });

/** Asks for options with the page's CSRF token (as passkeys.js does); the JSON, or the status. */
export async function options(
  b: Browser,
  url: string,
  page: string,
): Promise<{ status: number; challenge?: string }> {
  const reply = await b.fetch(url, { form: { _csrf: csrfFrom(page) } });
  if (reply.status !== 200) return { status: reply.status };
  const parsed = JSON.parse(reply.body) as { challenge: string };
  return { status: 200, challenge: parsed.challenge };
}

/** Enrols a fresh software passkey on the portal's security page; returns it. */
export async function enrol(t: TestApp, b: Browser, name = 'Office laptop'): Promise<SoftPasskey> {
  const key = newSoftPasskey();
  const page = await b.fetch(`${t.portalOrigin}/account/security`);
  const o = await options(b, `${t.portalOrigin}/account/security/passkeys/options`, page.body);
  expect(o.status).toBe(200);
  const response = JSON.stringify(attest(key, { challenge: o.challenge ?? '', ...rp(t) }));
  const done = await b.fetch(`${t.portalOrigin}/account/security/passkeys`, {
    form: { _csrf: csrfFrom(page.body), name, response },
  });
  expect(done.status).toBe(303);
  return key;
}

/** After the password: asks for sign-in options and answers with `key`. */
export async function passkeyStep(
  t: TestApp,
  b: Browser,
  otpPage: string,
  key: SoftPasskey,
  o: { counter?: number; challenge?: string } = {},
): Promise<Reply> {
  const got = await options(b, `${t.portalOrigin}/login/passkey/options`, otpPage);
  const challenge = o.challenge ?? got.challenge ?? 'none';
  const response = JSON.stringify(assertWith(key, { challenge, ...rp(t), counter: o.counter }));
  return b.fetch(`${t.portalOrigin}/login/passkey`, { form: { _csrf: csrfFrom(otpPage), response } });
}

export async function auditOf(t: TestApp, type: string) {
  return t.deps.store.db
    .selectFrom('audit_events')
    .selectAll()
    .where('type', '=', type)
    .orderBy('seq', 'desc')
    .execute();
}
