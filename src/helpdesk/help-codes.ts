import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { AuditLog } from '../audit/index.ts';
import type { Clock } from '../clock.ts';
import type { Keyring } from '../crypto/index.ts';
import { composeMail, enqueueMail } from '../mail/index.ts';
import type { Kv, Store } from '../store/index.ts';
import { findAccountByUserId, normaliseUserId } from '../accounts/index.ts';
import { findTicketOwner } from './ticket-repository.ts';

/**
 * Identification without a password (issue 11): an officer who cannot sign in types their user ID and gets a
 * six-digit code at the registered address. Only the code's HMAC is kept (kv, 10 minutes, at most 5 tries),
 * so a kv dump reveals nothing usable; the answer never says whether the ID exists.
 */

export const HELP_CODE_TTL_MS = 10 * 60_000;
export const HELP_CODE_MAX_TRIES = 5;
/** Codes mailed per user ID, and asked for per address, in an hour. */
export const HELP_CODES_PER_ID = 3;
export const HELP_CODES_PER_ADDRESS = 10;
const HOUR_MS = 3600_000;
/** How long a help session lasts once the code was right. */
export const HELP_SESSION_MS = 30 * 60_000;

export interface HelpCodeDeps {
  readonly store: Store;
  readonly kv: Kv;
  readonly clock: Clock;
  readonly keyring: Keyring;
  readonly audit: AuditLog;
}

const codeKey = (userId: string) => `help-code:${userId}`;
const triesKey = (userId: string) => `help-code-tries:${userId}`;

/** HMAC of the code bound to the user ID, so one officer's code is worthless for another ID. */
function macOf(keyring: Keyring, userId: string, code: string): string {
  return createHmac('sha256', keyring.derive('help-codes')).update(`${userId}\0${code}`).digest('base64url');
}

/**
 * Mails a fresh code when `userId` names an account with a registered e-mail and no limit is reached; does
 * nothing visible otherwise. Callers answer the same sentence whatever happened (no account enumeration).
 * Audits `help.code_sent` when a code went out.
 */
export async function requestHelpCode(deps: HelpCodeDeps, typed: string, ip: string): Promise<void> {
  const { kv, clock, keyring, audit, store } = deps;
  const userId = normaliseUserId(typed);
  // Counted before the lookup, so an unknown ID costs the same as a known one.
  const perId = await kv.incr(`help-code-rate:id:${userId}`, HOUR_MS);
  const perAddress = await kv.incr(`help-code-rate:ip:${ip}`, HOUR_MS);
  if (perId > HELP_CODES_PER_ID || perAddress > HELP_CODES_PER_ADDRESS) return;
  const account = await findAccountByUserId(store.db, userId);
  // Officers only: staff have the console's own recovery. The code goes to the registered address (the
  // account's, else the directory's, as ticket mail); an account without one cannot be reached.
  if (account?.role !== 'officer') return;
  const to = (await findTicketOwner(store.db, account.id))?.email;
  if (!to) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await kv.set(codeKey(userId), macOf(keyring, userId, code), HELP_CODE_TTL_MS);
  await kv.del(triesKey(userId));
  const mail = composeMail({
    subject: 'selfHelp.mailSubject',
    vars: { code },
    blocks: [
      { kind: 'paragraph', key: 'selfHelp.mailIntro' },
      { kind: 'facts', rows: [{ label: 'selfHelp.mailCodeLabel', value: code }] },
      { kind: 'paragraph', key: 'selfHelp.mailExpiry' },
      { kind: 'notice', key: 'selfHelp.mailNotYou' },
    ],
  });
  await store.db.transaction().execute(async (trx) => {
    await enqueueMail(trx, keyring, clock, {
      kind: 'help_code',
      to,
      accountId: account.id,
      ...mail,
    });
    await audit.append(
      { type: 'help.code_sent', actor: userId.slice(0, 64), ip, target: String(account.id), detail: {} },
      trx,
    );
  });
}

/**
 * Checks a code typed for `userId`. Right (and not used before) → the account ID, and the code is gone;
 * wrong, expired, replayed or past the fifth try → undefined, audited `help.code_failed`. After five wrong
 * tries the code is erased: the officer must ask for a new one (within the hourly limit).
 */
export async function verifyHelpCode(
  deps: HelpCodeDeps,
  typed: string,
  code: string,
  ip: string,
): Promise<number | undefined> {
  const { kv, keyring, audit, store } = deps;
  const userId = normaliseUserId(typed);
  const fail = async (why: string) => {
    await audit.append({ type: 'help.code_failed', actor: userId.slice(0, 64), ip, detail: { why } });
    return undefined;
  };
  const stored = await kv.get(codeKey(userId));
  if (!stored) return fail('none');
  const tries = await kv.incr(triesKey(userId), HELP_CODE_TTL_MS);
  if (tries > HELP_CODE_MAX_TRIES) {
    await kv.del(codeKey(userId));
    return fail('tries');
  }
  const a = Buffer.from(stored);
  const b = Buffer.from(macOf(keyring, userId, code));
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    if (tries === HELP_CODE_MAX_TRIES) await kv.del(codeKey(userId));
    return fail('wrong');
  }
  // Take, not get: two posts of the same code race, and only one may win.
  if ((await kv.take(codeKey(userId))) !== stored) return fail('replay');
  await kv.del(triesKey(userId));
  const account = await findAccountByUserId(store.db, userId);
  if (!account) return fail('gone');
  await audit.append({
    type: 'help.signed_in',
    actor: userId.slice(0, 64),
    ip,
    target: String(account.id),
    detail: {},
  });
  return account.id;
}

/** The help cookie's value before signing: `help:<accountId>:<expiresAt>`. */
export function helpSessionValue(accountId: number, expiresAt: number): string {
  return `help:${accountId}:${expiresAt}`;
}

/** Reads a help cookie (already unsigned); the account ID while it lasts, else undefined. */
export function parseHelpSession(value: string | undefined, now: number): number | undefined {
  const m = value === undefined ? null : /^help:(\d{1,12}):(\d{1,15})$/.exec(value);
  if (!m) return undefined;
  const expiresAt = Number(m[2]);
  return expiresAt > now ? Number(m[1]) : undefined;
}
