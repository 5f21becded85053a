import { Secret, TOTP } from 'otpauth';
import { DEMO_ACCOUNTS } from '../../src/demo/seed.ts';
import { generateTotpSecret } from '../../src/login/totp.ts';
import type { Keyring } from '../../src/crypto/index.ts';
import type { Store } from '../../src/store/store.ts';
import type { ManualClock } from '../create-test-app.ts';
import { Browser, csrfFrom, type Reply } from '../http-client.ts';

/** A running gateway a test signs into: its stores, its clock, and where it listens. */
export interface ConsoleTarget {
  readonly deps: { readonly store: Store; readonly keyring: Keyring };
  readonly clock: ManualClock;
  readonly portalOrigin: string;
}

/** Demo passwords by user ID, so tests name only who signs in. */
export const DEMO_PASSWORDS: ReadonlyMap<string, string> = new Map(
  Object.values(DEMO_ACCOUNTS).map((a) => [a.userId, a.password]),
);

const secrets = new WeakMap<ConsoleTarget, Map<string, string>>();
const spentSteps = new WeakMap<object, Set<string>>();

/**
 * Gives a staff account an authenticator app (as if enrolled on an earlier sign-in) and returns its
 * secret; the same secret on later calls for the same app and account.
 */
export async function enrolAuthenticator(t: ConsoleTarget, userId: string): Promise<string> {
  let byUser = secrets.get(t);
  if (!byUser) secrets.set(t, (byUser = new Map<string, string>()));
  const known = byUser.get(userId);
  if (known) return known;
  const secret = generateTotpSecret();
  await t.deps.store.db
    .updateTable('accounts')
    .set({ totp_secret_enc: t.deps.keyring.seal('totp-encryption', secret) })
    .where('user_id', '=', userId)
    .execute();
  byUser.set(userId, secret);
  return secret;
}

/**
 * A code from the app for `userId` at the test clock's time, never one already used: each step is good
 * once, so a second sign-in in the same 30 seconds takes the next step (or moves the clock on).
 */
export function nextCode(t: { readonly clock: ManualClock }, userId: string, secret: string): string {
  let spent = spentSteps.get(t);
  if (!spent) spentSteps.set(t, (spent = new Set()));
  const totp = new TOTP({
    secret: Secret.fromBase32(secret.replace(/\s/g, '')),
    digits: 6,
    period: 30,
    algorithm: 'SHA1',
  });
  for (;;) {
    for (const offset of [0, 30_000]) {
      const at = t.clock.now() + offset;
      const key = `${userId}:${totp.counter({ timestamp: at })}`;
      if (!spent.has(key)) {
        spent.add(key);
        return totp.generate({ timestamp: at });
      }
    }
    t.clock.advance(30_000);
  }
}

/**
 * Signs a staff member into the console as a person would (password, then the authenticator's code) and
 * returns the browser holding the session. Throws, naming the step, when a step does not go as expected.
 */
export async function consoleSignIn(
  t: ConsoleTarget,
  userId: string,
  password = DEMO_PASSWORDS.get(userId) ?? '',
  record?: (path: string, reply: Reply) => void,
): Promise<Browser> {
  const secret = await enrolAuthenticator(t, userId);
  const browser = new Browser();
  const url = (path: string) => `${t.portalOrigin}${path}`;
  const fetch = async (path: string, form?: Record<string, string>) => {
    const reply = await browser.fetch(url(path), form ? { form } : {});
    record?.(path, reply);
    return reply;
  };
  const page = await fetch('/console/login');
  const login = await fetch('/console/login', { _csrf: csrfFrom(page.body), userId, password });
  if (login.location !== url('/console/login/otp'))
    throw new Error(`console password step for ${userId}: ${login.status} ${login.location ?? ''}`);
  const otp = await fetch('/console/login/otp');
  const code = nextCode(t, userId, secret);
  const done = await fetch('/console/login/otp', { _csrf: csrfFrom(otp.body), method: 'totp', code });
  if (done.location !== url('/console'))
    throw new Error(`console second factor for ${userId}: ${done.status} ${done.location ?? ''}`);
  return browser;
}
